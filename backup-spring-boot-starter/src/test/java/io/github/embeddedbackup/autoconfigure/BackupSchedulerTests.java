package io.github.embeddedbackup.autoconfigure;

import io.github.embeddedbackup.autoconfigure.properties.BackupProperties;
import io.github.embeddedbackup.autoconfigure.properties.PropertiesBinding;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.BackupEngine;
import io.github.embeddedbackup.core.BackupOptions;
import io.github.embeddedbackup.core.BackupProgressListener;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.storage.FilesystemBackupStorage;
import io.github.embeddedbackup.core.testing.GeneratedSource;
import io.github.embeddedbackup.runtime.BackupJob;
import io.github.embeddedbackup.runtime.BackupService;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
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
        return PropertiesBinding.bind(java.util.Map.of("backup.schedule", schedule, "backup.zone", "UTC", "backup.retry.initial-backoff", "10ms"));
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
        assertThat(service.jobs().recentJobs()).extracting(BackupJob::trigger).containsExactly("schedule-retry-3", "schedule-retry-2", "schedule");
        assertThat(service.jobs().recentJobs()).allSatisfy(job -> assertThat(job.state()).isEqualTo(BackupJob.State.FAILED));
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
}
