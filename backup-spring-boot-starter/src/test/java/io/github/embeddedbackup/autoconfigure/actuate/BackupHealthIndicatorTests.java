package io.github.embeddedbackup.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.BackupOptions;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.storage.FilesystemBackupStorage;
import io.github.embeddedbackup.core.testing.GeneratedSource;
import io.github.embeddedbackup.core.source.SourceProviders;
import io.github.embeddedbackup.core.source.files.FileTreeSource;
import io.github.embeddedbackup.runtime.BackupDrillService;
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

    @Test
    void theLastDrillIsShownAndAFailedOneNeverTurnsTheHealthDown() throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("files"));
        java.nio.file.Files.writeString(dir.resolve("files/orders.csv"), "1,apple\n");
        BackupService service = new BackupService(new BackupRepository(new FilesystemBackupStorage(dir.resolve("backups"))),
                List.of(new FileTreeSource("files", dir.resolve("files"))), BackupOptions.defaults(), null, List.of(), Clock.systemUTC());
        String backupId = service.trigger("test").completion().get().backupId();
        BackupDrillService drills = new BackupDrillService(service, SourceProviders.installed(), BackupDrillService.Settings.local(),
                Clock.systemUTC());
        BackupHealthIndicator indicator = new BackupHealthIndicator(service, null, Duration.ofHours(25), Clock.systemUTC(), true, drills);
        assertThat(indicator.health(true).getDetails()).as("never drilled").doesNotContainKey("lastDrill");

        assertThat(drills.drill(backupId, "api").completion().get().state()).isEqualTo(BackupJob.State.SUCCEEDED);
        Health passed = indicator.health(true);
        assertThat(passed.getStatus()).isEqualTo(Status.UP);
        assertThat(passed.getDetails().get("lastDrill")).isInstanceOfSatisfying(java.util.Map.class, drill -> {
            assertThat(drill).containsEntry("ok", true).containsEntry("backupId", backupId).containsKeys("drilledAt", "rto");
        });

        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(dir.resolve("backups/archives"))) {
            Path archive = files.filter(path -> path.getFileName().toString().startsWith(backupId)).findFirst().orElseThrow();
            byte[] bytes = java.nio.file.Files.readAllBytes(archive);
            bytes[bytes.length / 2] ^= (byte) 0xFF;
            java.nio.file.Files.write(archive, bytes);
        }
        assertThat(drills.drill(backupId, "api").completion().get().state()).isEqualTo(BackupJob.State.FAILED);
        Health failed = indicator.health(true);
        assertThat(failed.getStatus()).as("a failed drill is alerted, not a health failure").isEqualTo(Status.UP);
        assertThat(failed.getDetails().get("lastDrill")).isInstanceOfSatisfying(java.util.Map.class,
                drill -> assertThat(drill).containsEntry("ok", false));
    }
}
