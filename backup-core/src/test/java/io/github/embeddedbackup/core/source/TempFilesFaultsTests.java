package io.github.embeddedbackup.core.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a killed process left in the temporary folder is removed at the next start, and nothing else. */
@Tag("fault-matrix")
class TempFilesFaultsTests {

    @TempDir
    Path tmp;

    @Test
    void removesPasswordFilesAndTheFoldersOfProcessesThatAreGone() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        Path password = Files.writeString(tmp.resolve("embeddedbackup-123456.pgpass"), "*:*:*:*:secret\n");
        Path ofDeadProcess = Files.createDirectories(tmp.resolve("embeddedbackup-restore-" + finished.pid() + "-42"));
        Files.writeString(ofDeadProcess.resolve("database.dump"), "PGDMP");
        Path ofThisProcess = TempFiles.privateDirectory("embeddedbackup-restore-");
        Path inOurTmp = Files.move(ofThisProcess, tmp.resolve(ofThisProcess.getFileName()));
        Path olderVersionFresh = Files.createDirectories(tmp.resolve("embeddedbackup-sqlite-987654321"));
        Path olderVersionStale = Files.createDirectories(tmp.resolve("embeddedbackup-sqlite-123456789"));
        Files.setLastModifiedTime(olderVersionStale, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        Path someoneElses = Files.writeString(tmp.resolve("other-app.pgpass"), "keep");

        TempFiles.removeLeftovers(tmp, Instant.now());

        assertThat(password).as("a plain-text password an older version left").doesNotExist();
        assertThat(ofDeadProcess).as("the spool of a process that is gone").doesNotExist();
        assertThat(olderVersionStale).as("an older version's folder, untouched for a day").doesNotExist();
        assertThat(inOurTmp).as("a folder of a running process").exists();
        assertThat(olderVersionFresh).as("an older version's folder that may be in use").exists();
        assertThat(someoneElses).as("not ours").exists();
    }

    @Test
    void privateFoldersNameTheirProcess() throws Exception {
        Path folder = TempFiles.privateDirectory("embeddedbackup-restore-");
        try {
            assertThat(folder.getFileName().toString()).startsWith("embeddedbackup-restore-" + ProcessHandle.current().pid() + "-");
        } finally {
            TempFiles.deleteRecursively(folder);
        }
    }
}
