package io.github.embeddedbackup.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.embeddedbackup.core.BackupEngine;
import io.github.embeddedbackup.core.BackupOptions;
import io.github.embeddedbackup.core.BackupProgressListener;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.storage.FilesystemBackupStorage;
import io.github.embeddedbackup.core.testing.GeneratedSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupSchedulerTests {

    @TempDir
    Path dir;

    BackupRepository repository() {
        return new BackupRepository(new FilesystemBackupStorage(dir));
    }

    BackupService service(GeneratedSource source) {
        return new BackupService(repository(), List.of(source), BackupOptions.defaults(), null, List.of(), Clock.systemUTC());
    }

    BackupProperties properties(String schedule) {
        BackupProperties properties = new BackupProperties();
        properties.setSchedule(schedule);
        properties.setZone(ZoneOffset.UTC);
        properties.getRetry().setInitialBackoff(Duration.ofMillis(10));
        return properties;
    }

    @Test
    void aFailingScheduledBackupIsRetriedUpToMaxAttempts() {
        BackupService service = service(new GeneratedSource("gen", 5_000_000, 1_000_000, 1));
        BackupScheduler scheduler = new BackupScheduler(service, properties("0 0 2 * * *"));
        scheduler.start();
        try {
            scheduler.runWithRetries("schedule");
        } finally {
            scheduler.stop();
        }
        assertThat(service.recentJobs()).extracting(BackupJob::trigger).containsExactly("schedule-retry-3", "schedule-retry-2", "schedule");
        assertThat(service.recentJobs()).allSatisfy(job -> assertThat(job.state()).isEqualTo(BackupJob.State.FAILED));
        assertThat(repository().list().backups()).isEmpty();
    }

    @Test
    void aMissedRunIsDetectedFromTheNewestBackup() {
        BackupScheduler noBackups = new BackupScheduler(service(new GeneratedSource("gen", 10)), properties("0 0 2 * * *"));
        assertThat(noBackups.missedARun()).as("no backup at all").isTrue();

        Clock twoDaysAgo = Clock.fixed(Instant.now().minus(Duration.ofDays(2)), ZoneOffset.UTC);
        new BackupEngine(repository(), BackupOptions.defaults().withClock(twoDaysAgo))
                .backup(List.of(new GeneratedSource("gen", 10)), Map.of(), BackupProgressListener.NONE);
        assertThat(new BackupScheduler(service(new GeneratedSource("gen", 10)), properties("0 0 2 * * *")).missedARun())
                .as("a daily run was due since").isTrue();

        new BackupEngine(repository(), BackupOptions.defaults()).backup(List.of(new GeneratedSource("gen", 10)), Map.of(), BackupProgressListener.NONE);
        assertThat(new BackupScheduler(service(new GeneratedSource("gen", 10)), properties("0 0 2 * * *")).missedARun())
                .as("the newest backup is younger than the last due run").isFalse();
    }

    @Test
    void shutdownAbortsABackupThatOutlivesTheTimeoutAndLeavesNothingVisible() throws Exception {
        BackupService service = service(new GeneratedSource("gen", 4L * 1024 * 1024 * 1024));
        BackupJob job = service.trigger("test");
        awaitFirstBytes(job, Duration.ofSeconds(30));

        service.shutdown(Duration.ofMillis(200));

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
