package io.github.embeddedbackup.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.autoconfigure.properties.BackupProperties;
import io.github.embeddedbackup.autoconfigure.properties.PropertiesBinding;
import io.github.embeddedbackup.autoconfigure.BackupScheduler;
import io.github.embeddedbackup.core.BackupOptions;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.retention.Pruner;
import io.github.embeddedbackup.core.retention.RetentionPolicy;
import io.github.embeddedbackup.core.storage.FilesystemBackupStorage;
import io.github.embeddedbackup.core.testing.GeneratedSource;
import io.github.embeddedbackup.runtime.BackupJob;
import io.github.embeddedbackup.runtime.BackupService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.util.FileSystemUtils;

/** Issue 12 items 6 and 18: health tells what the storage holds, and counts "no backup yet" from the first start ever. */
@Tag("fault-matrix")
class BackupHealthFaultsTests {

    @TempDir
    Path dir;

    /** A clock the test moves forward. */
    static final class MovingClock extends Clock {
        volatile Instant now = Instant.now();

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    BackupRepository repository() {
        return new BackupRepository(new FilesystemBackupStorage(dir));
    }

    BackupService service(Clock clock) {
        return new BackupService(repository(), List.of(new GeneratedSource("gen", 10_000)), BackupOptions.defaults(), null, List.of(), clock);
    }

    static Health health(BackupService service, Clock clock) {
        return new BackupHealthIndicator(service, null, Duration.ofHours(25), clock).health(true);
    }

    @Test
    void afterEveryBackupWasRemovedHealthNoLongerNamesOne() throws Exception {
        MovingClock clock = new MovingClock();
        BackupService service = service(clock);
        BackupJob job = service.trigger("test").completion().get(30, TimeUnit.SECONDS);
        assertThat(health(service, clock).getDetails()).containsEntry("lastBackupId", job.backupId());

        FileSystemUtils.deleteRecursively(dir.resolve("manifests")); // the folder emptied by hand
        FileSystemUtils.deleteRecursively(dir.resolve("archives"));
        clock.now = clock.now.plus(Duration.ofSeconds(61)); // past the cache

        Health health = health(service, clock);
        assertThat(health.getDetails()).doesNotContainKey("lastBackupId").containsEntry("lastSuccess", "none").containsKey("firstStart");
        Clock dayLater = Clock.fixed(clock.now.plus(Duration.ofHours(26)), ZoneOffset.UTC);
        Health later = health(service, dayLater);
        assertThat(later.getStatus()).isEqualTo(Status.DOWN);
        assertThat((String) later.getDetails().get("reason")).startsWith("no backup in storage in the 26 h since the first start");
    }

    @Test
    void aDeleteThroughTheServiceShowsAtOnce() throws Exception {
        MovingClock clock = new MovingClock();
        BackupService service = service(clock);
        BackupJob job = service.trigger("test").completion().get(30, TimeUnit.SECONDS);

        service.repository().delete(service.repository().get(job.backupId()));
        service.history().backupsChanged(); // what DELETE /api/backup/{id} does

        assertThat(health(service, clock).getDetails()).doesNotContainKey("lastBackupId").containsEntry("lastSuccess", "none");
    }

    @Test
    void aCrashLoopThatNeverBackedUpIsDownCountingFromTheFirstStartEver() throws Exception {
        Instant twoDaysAgo = Instant.now().minus(Duration.ofDays(2));
        Files.createDirectories(dir.resolve("state"));
        Files.writeString(dir.resolve("state/first-start"), twoDaysAgo + "\n"); // written by the first of many starts

        BackupService restarted = service(Clock.systemUTC());
        Health health = health(restarted, Clock.systemUTC());

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat((String) health.getDetails().get("reason")).startsWith("no backup in storage in the 48 h since the first start");
        assertThat(scheduler(restarted).catchUpReasonForTest()).contains("missed");
    }

    @Test
    void aFreshInstallationWritesTheMarkerIsUpAndHasMissedNothing() throws Exception {
        BackupService fresh = service(Clock.systemUTC());
        Health health = health(fresh, Clock.systemUTC());

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(Files.readString(dir.resolve("state/first-start")).strip()).isEqualTo(fresh.history().firstStart().toString());
        assertThat((String) health.getDetails().get("age")).as("whole seconds").matches("PT(\\d+H)?(\\d+M)?\\d+S|PT0S");
        String reason = scheduler(fresh).catchUpReasonForTest();
        assertThat(reason).isEqualTo("There is no backup yet").doesNotContain("missed");

        // The marker is invisible to listing, retention and cleanup.
        fresh.trigger("test").completion().get(30, TimeUnit.SECONDS);
        assertThat(repository().list().backups()).hasSize(1);
        assertThat(repository().list().problems()).isEmpty();
        new Pruner(repository()).prune(new RetentionPolicy(1, 0, 0, 0, 0, 0, null, null, ZoneOffset.UTC), Instant.now().plus(Duration.ofDays(3)),
                false, Duration.ZERO);
        assertThat(dir.resolve("state/first-start")).exists();
        assertThat(repository().list().backups()).hasSize(1);
    }

    static SchedulerProbe scheduler(BackupService service) {
        return new SchedulerProbe(service, PropertiesBinding.bind(java.util.Map.of("backup.zone", "UTC")));
    }

    /** Reaches the catch-up decision without starting a scheduler thread. */
    static final class SchedulerProbe extends BackupScheduler {
        SchedulerProbe(BackupService service, BackupProperties properties) {
            super(service, properties);
        }

        String catchUpReasonForTest() {
            return catchUpReason();
        }
    }
}
