package io.github.embeddedbackup.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

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
}
