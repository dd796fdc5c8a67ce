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

    /**
     * A catch-up that runs late (it waited for the lock, or for another backup) must not take the slot that fell due
     * after the scheduler started for a missed one: that slot is its slot thread's, which backs it up (or finds it
     * backed up by another instance). It once backed it up as a "catch-up", twice in one instance.
     */
    @Test
    void aCatchUpDoesNotTakeASlotDueAfterTheSchedulerStarted() throws InterruptedException {
        Instant now = Instant.now();
        Instant slot = now.truncatedTo(java.time.temporal.ChronoUnit.MINUTES).plus(Duration.ofMinutes(61));
        java.time.ZonedDateTime at = slot.atZone(ZoneOffset.UTC);
        new BackupEngine(repository(), BackupOptions.defaults().withClock(Clock.fixed(slot.minus(Duration.ofDays(1)), ZoneOffset.UTC)))
                .backup(List.of(new GeneratedSource("gen", 10)), Map.of(), BackupProgressListener.NONE); // yesterday's run of the slot
        MovableClock clock = new MovableClock(now);
        BackupService service = service(new GeneratedSource("gen", 10));
        BackupScheduler scheduler = new BackupScheduler(service, List.of(new io.github.embeddedbackup.runtime.BackupSchedule("default",
                "0 " + at.getMinute() + " " + at.getHour() + " * * *", ZoneOffset.UTC, List.of(), List.of(), Duration.ofHours(25))),
                new BackupScheduler.Settings(true, 1, Duration.ofMillis(10), Duration.ofSeconds(1)), clock);
        scheduler.start(); // nothing was missed: today's slot is an hour away
        try {
            clock.now = slot.plusSeconds(30); // the catch-up (due 1 s after the start) runs only after the slot fell due
            Thread.sleep(2_500);
        } finally {
            scheduler.stop();
        }
        assertThat(service.jobs().recentJobs()).as("no catch-up backup").isEmpty();
        assertThat(repository().list().backups()).hasSize(1);
    }

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aSlotThatPassedWhileARunLastedIsBackedUpOnceLateNotOncePerSlot() {
        io.github.embeddedbackup.runtime.BackupSchedule hourly = new io.github.embeddedbackup.runtime.BackupSchedule("hourly",
                "0 0 * * * *", java.time.ZoneOffset.UTC, List.of(), List.of(), Duration.ofHours(2));
        Instant slot = Instant.parse("2026-12-02T10:00:00Z");
        assertThat(BackupScheduler.nextSlot(hourly, slot, Instant.parse("2026-12-02T10:20:00Z")))
                .as("the run ended in time: the next slot").isEqualTo(Instant.parse("2026-12-02T11:00:00Z"));
        assertThat(BackupScheduler.nextSlot(hourly, slot, Instant.parse("2026-12-02T11:05:00Z")))
                .as("the run outlasted 11:00: that slot at once").isEqualTo(Instant.parse("2026-12-02T11:00:00Z"));
        assertThat(BackupScheduler.nextSlot(hourly, slot, Instant.parse("2026-12-02T13:30:00Z")))
                .as("three slots passed: only the latest, once").isEqualTo(Instant.parse("2026-12-02T13:00:00Z"));
    }
}
