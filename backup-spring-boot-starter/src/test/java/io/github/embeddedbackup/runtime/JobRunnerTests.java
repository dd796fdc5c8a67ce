package io.github.embeddedbackup.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.embeddedbackup.core.BackupOptions;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.storage.FilesystemBackupStorage;
import io.github.embeddedbackup.core.testing.GeneratedSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobRunnerTests {

    @TempDir
    Path dir;

    BackupRepository repository() {
        return new BackupRepository(new FilesystemBackupStorage(dir));
    }

    BackupService service(GeneratedSource source) {
        return new BackupService(repository(), List.of(source), BackupOptions.defaults(), null, List.of(), Clock.systemUTC());
    }

    @Test
    void shutdownAbortsABackupThatOutlivesTheTimeoutAndLeavesNothingVisible() throws Exception {
        BackupService service = service(new GeneratedSource("gen", 4L * 1024 * 1024 * 1024));
        BackupJob job = service.trigger("test");
        awaitFirstBytes(job, Duration.ofSeconds(30));

        service.jobs().shutdown(Duration.ofMillis(200));

        assertThat(job.completion().get(30, TimeUnit.SECONDS).state()).isEqualTo(BackupJob.State.FAILED);
        assertThat(job.error()).contains("aborted").contains("Nothing of it was stored");
        assertThat(repository().list().backups()).isEmpty();
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile)).as("not even a partial file").isEmpty();
        }
    }

    /** Waits until the backup is writing, so that the shutdown lands mid-run; fails with the job's state past the deadline. */
    private static void awaitFirstBytes(BackupJob job, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (job.plainBytes() == 0) {
            if (System.nanoTime() > deadline) {
                fail("The backup wrote no byte within " + within.toSeconds() + " s: it is " + job.state() + " at stage '"
                        + job.stage() + "'" + (job.error() == null ? "" : ", error: " + job.error()));
            }
            Thread.sleep(10);
        }
    }
}
