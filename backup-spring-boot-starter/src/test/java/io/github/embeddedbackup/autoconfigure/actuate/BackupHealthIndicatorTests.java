package io.github.embeddedbackup.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.BackupOptions;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** The health indicator without Spring: UP and DOWN as a user would read them. */
class BackupHealthIndicatorTests {

    @TempDir
    Path dir;

    BackupService service(long failAfter) {
        return new BackupService(new BackupRepository(new FilesystemBackupStorage(dir)),
                List.of(new GeneratedSource("gen", 10_000_000, failAfter, 1)), BackupOptions.defaults(), null, List.of(), Clock.systemUTC());
    }

    @Test
    void upAfterABackupThenDownWhenItGetsOlderThanMaxAge() throws Exception {
        BackupService service = service(Long.MAX_VALUE);
        BackupJob job = service.trigger("test");
        job.completion().get();

        Health fresh = new BackupHealthIndicator(service, null, Duration.ofHours(25), Clock.systemUTC()).health(true);
        assertThat(fresh.getStatus()).isEqualTo(Status.UP);
        assertThat(fresh.getDetails()).containsEntry("lastBackupId", job.backupId()).containsKeys("lastSuccess", "age", "maxAge", "nextRun");

        Clock later = Clock.fixed(Instant.now().plus(Duration.ofHours(26)), ZoneOffset.UTC);
        Health stale = new BackupHealthIndicator(service, null, Duration.ofHours(25), later).health(true);
        assertThat(stale.getStatus()).isEqualTo(Status.DOWN);
        assertThat((String) stale.getDetails().get("reason")).contains("the last successful backup is 26 h old");
    }

    @Test
    void downWhenTheLastRunFailedWithItsMessage() throws Exception {
        BackupService service = service(1_000_000);
        service.trigger("test").completion().get();

        Health health = new BackupHealthIndicator(service, null, Duration.ofHours(25), Clock.systemUTC()).health(true);

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat((String) health.getDetails().get("reason")).startsWith("the last backup failed").contains("simulated source failure");
        assertThat(health.getDetails()).containsEntry("lastSuccess", "none").containsKey("lastFailure");
    }

    @Test
    void aFreshInstallationIsUpUntilMaxAgeHasPassedSinceTheFirstStart() {
        BackupService service = service(Long.MAX_VALUE);
        assertThat(new BackupHealthIndicator(service, null, Duration.ofHours(25), Clock.systemUTC()).health(true).getStatus())
                .isEqualTo(Status.UP);
        Clock later = Clock.fixed(Instant.now().plus(Duration.ofHours(26)), ZoneOffset.UTC);
        Health health = new BackupHealthIndicator(service, null, Duration.ofHours(25), later).health(true);
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat((String) health.getDetails().get("reason")).contains("no backup in storage in the 26 h since the first start");
    }

    @Test
    void aSecondTriggerJoinsTheRunningBackup() throws Exception {
        BackupService service = new BackupService(new BackupRepository(new FilesystemBackupStorage(dir)),
                List.of(new GeneratedSource("gen", 200_000_000)), BackupOptions.defaults(), null, List.of(), Clock.systemUTC());
        BackupJob first = service.trigger("one");
        BackupJob second = service.trigger("two");

        assertThat(second).isSameAs(first);
        first.completion().get();
        assertThat(service.repository().list().backups()).hasSize(1);
    }
}
