package io.github.embeddedbackup.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.BackupException;
import io.github.embeddedbackup.core.Remedy;
import io.github.embeddedbackup.core.source.files.FileTreeSource;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12 item 12: messages of backup-core reach starter users without command-line advice. */
@Tag("fault-matrix")
class StarterMessagesFaultsTests {

    @TempDir
    Path dir;

    @Test
    void cliAdviceIsDroppedAndTheFactsAreKept() {
        assertThat(StarterMessages.withoutCliHints("There is no complete backup 20261121T020000Z-7f3a9c in file:/b. Run 'list' to see the backups there."))
                .isEqualTo("There is no complete backup 20261121T020000Z-7f3a9c in file:/b.");
        assertThat(StarterMessages.withoutCliHints("No source to back up. Give at least one source, e.g. --source jdbc:postgresql://h/db"))
                .isEqualTo("No source to back up.");
        assertThat(StarterMessages.withoutCliHints("pg_dump 15 is older than the server (e.g. 17). Install client 17.")).isEqualTo(
                "pg_dump 15 is older than the server (e.g. 17). Install client 17.");
    }

    @Test
    void aMissingFilesSourceIsReportedInTheStartersLanguage() {
        FileTreeSource missing = new FileTreeSource("uploads", dir.resolve("nope"));
        String message;
        try {
            missing.preflight();
            throw new AssertionError("preflight accepted a missing directory");
        } catch (RuntimeException e) {
            message = StarterMessages.withoutCliHints(e.getMessage());
        }
        assertThat(message).contains("uploads").contains("nope").doesNotContain("--source");
    }

    @Test
    void coreRemediesAreNamedAsTheStartersPropertiesAndRequestFields() {
        FileTreeSource missing = new FileTreeSource("uploads", dir.resolve("nope"));
        RuntimeException failure = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, missing::preflight);
        assertThat(StarterMessages.of(failure)).startsWith(StarterMessages.withoutCliHints(failure.getMessage()))
                .endsWith(" (backup.sources.<name>.path)").doesNotContain("--source");

        assertThat(StarterMessages.of(new BackupException("pg_dump was not found.").withRemedies(Remedy.DUMP_TOOL)))
                .isEqualTo("pg_dump was not found. (backup.datasource.dump-tool or backup.sources.<name>.dump-tool)");
        assertThat(StarterMessages.of(new BackupException("pg_restore was not found.").withRemedies(Remedy.RESTORE_TOOL)))
                .isEqualTo("pg_restore was not found. (backup.datasource.restore-tool, backup.sources.<name>.restore-tool or "
                        + "backup.restore.targets.<name>.restore-tool)");
        assertThat(StarterMessages.of(new BackupException("Restored whole.").withRemedies(Remedy.SELECT_TABLES, Remedy.PARALLEL_JOBS)))
                .isEqualTo("Restored whole. (the restore request's \"tables\", the restore request's \"jobs\")");
        assertThat(StarterMessages.of(new BackupException("The database holds data.").withRemedies(Remedy.CREATE_TARGET, Remedy.CLEAN_TARGET)))
                .as("the restore API has no field for these: nothing is added").isEqualTo("The database holds data.");
        assertThat(StarterMessages.of(new IllegalStateException("plain"))).isEqualTo("plain");
    }
}
