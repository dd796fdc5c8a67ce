package io.github.embeddedbackup.runtime;

import io.github.embeddedbackup.core.drill.DrillResult;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.notify.EventType;
import io.github.embeddedbackup.core.notify.NotificationDispatcher;
import io.github.embeddedbackup.core.notify.NotificationEvent;
import io.github.embeddedbackup.core.notify.NotificationText;
import io.github.embeddedbackup.core.verify.VerificationReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Turns what happens to backups into notification events and hands them to the dispatcher, which
 * delivers them off the backup's thread. Keeps the episode state, so a person hears once that backups
 * fail or are stale, and once that they recovered: {@link #checkStale()} and {@link #checkStorage()}
 * are called by the {@link NotificationWatchdog} even when no backup runs at all.
 */
public class BackupNotifications implements BackupRunListener {

    /** Who sends: the service ({@code spring.application.name}), its host, and where to look. */
    public record Identity(String service, String host, @Nullable String link) {}

    /**
     * How full a destination is.
     *
     * @param freeBytes free bytes for this process, or null where the storage has no such notion (S3, GCS)
     * @param totalBytes the volume's size, or null
     * @param maxTotalSize the destination's retention cap ({@code retention.max-total-size}), or null
     */
    public record DestinationSpace(String destination, long usedBytes, @Nullable Long freeBytes, @Nullable Long totalBytes,
            @Nullable Long maxTotalSize) {}

    /**
     * When a destination counts as nearly full.
     *
     * @param freeBelowPercent free space below this share of the volume (0-100), or negative when given as bytes
     * @param freeBelowBytes free space below this many bytes, or negative when given as a share
     * @param capShare the share of {@code retention.max-total-size} above which the used size counts as nearly full (0.9)
     */
    public record StorageLowRule(double freeBelowPercent, long freeBelowBytes, double capShare) {

        /** Why {@code space} is low, or null when it is not. */
        @Nullable String why(DestinationSpace space) {
            if (space.freeBytes() != null) {
                long free = space.freeBytes();
                if (freeBelowBytes >= 0 && free < freeBelowBytes) {
                    return "only " + NotificationText.size(free) + " free, below " + NotificationText.size(freeBelowBytes);
                }
                if (freeBelowPercent >= 0 && space.totalBytes() != null && space.totalBytes() > 0
                        && free * 100.0 / space.totalBytes() < freeBelowPercent) {
                    return String.format(java.util.Locale.ROOT, "only %s free of %s (%.1f %%), below %s %%", NotificationText.size(free),
                            NotificationText.size(space.totalBytes()), free * 100.0 / space.totalBytes(), trim(freeBelowPercent));
                }
            }
            if (space.maxTotalSize() != null && space.usedBytes() > capShare * space.maxTotalSize()) {
                return "backups use " + NotificationText.size(space.usedBytes()) + ", over " + trim(capShare * 100) + " % of retention.max-total-size ("
                        + NotificationText.size(space.maxTotalSize()) + "); retention will delete older backups to make room";
            }
            return null;
        }

        private static String trim(double value) {
            return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
        }
    }

    private final NotificationDispatcher dispatcher;
    private final Identity identity;
    private final BackupHistory history;
    private final Duration maxAge;
    private final List<String> sources;
    private final List<String> destinations;
    private final Supplier<@Nullable Instant> nextRun;
    private final Supplier<List<DestinationSpace>> space;
    private final StorageLowRule storageLow;
    private final Clock clock;
    private final Object lock = new Object();
    /** A failure was reported and no success has followed. */
    private boolean failing;
    /** Staleness was reported and no fresh backup has been seen since. */
    private boolean stale;
    /** Destinations reported as nearly full and not yet back above the threshold. */
    private final Set<String> low = new HashSet<>();

    /**
     * @param sources every source of the plan (a job covering all names none)
     * @param destinations every destination of the plan, the primary first
     * @param nextRun the next scheduled backup, or null without a schedule
     * @param space how full each destination is (cached figures: called on the watchdog's thread)
     */
    public BackupNotifications(NotificationDispatcher dispatcher, Identity identity, BackupHistory history, Duration maxAge,
            List<String> sources, List<String> destinations, Supplier<@Nullable Instant> nextRun, Supplier<List<DestinationSpace>> space,
            StorageLowRule storageLow, Clock clock) {
        this.dispatcher = dispatcher;
        this.identity = identity;
        this.history = history;
        this.maxAge = maxAge;
        this.sources = List.copyOf(sources);
        this.destinations = List.copyOf(destinations);
        this.nextRun = nextRun;
        this.space = space;
        this.storageLow = storageLow;
        this.clock = clock;
    }

    @Override
    public void onStarted(BackupJob job) {
        publish(event(EventType.BACKUP_STARTED, job).detail("trigger", job.trigger()).detail("attempt", attempts(job)));
    }

    @Override
    public void onSucceeded(BackupJob job, Manifest manifest, Duration duration) {
        publish(event(EventType.BACKUP_SUCCEEDED, job).backupId(manifest.id()).size(manifest.archive().size()).duration(duration)
                .detail("trigger", job.trigger()).detail("attempt", attempts(job)));
        String after;
        synchronized (lock) {
            after = failing && stale ? "failures and staleness" : failing ? "failures" : stale ? "staleness" : null;
            failing = false;
            stale = false;
        }
        if (after != null) {
            publish(event(EventType.RECOVERED, job).backupId(manifest.id()).size(manifest.archive().size()).duration(duration)
                    .detail("recovered-from", after).detail("trigger", job.trigger()));
        }
    }

    @Override
    public void onFailed(BackupJob job, Exception failure, Duration duration) {
        if (job.error() != null && job.error().startsWith("Backup aborted: the application shut down")) {
            return; // not a failure of the backup: the watchdog of the next start reports staleness if it matters
        }
        if (!job.finalAttempt()) {
            publish(event(EventType.ATTEMPT_FAILED, job).duration(duration).error(job.error()).detail("attempt", attempts(job))
                    .detail("trigger", job.trigger()));
            return; // a retry follows: only the heartbeat hears of this attempt
        }
        synchronized (lock) {
            failing = true;
        }
        publish(event(EventType.BACKUP_FAILED, job).duration(duration).error(job.error()).detail("attempts", job.attempt())
                .detail("trigger", job.trigger()));
    }

    @Override
    public void onDestinationLeftOut(BackupJob job, String destination, String reason) {
        publish(event(EventType.DESTINATION_FAILED, job).destinations(List.of(destination)).error("Destination '" + destination
                + "' was left out of this backup: " + reason + " The backup is complete in the other destinations.")
                .detail("destination", destination));
    }

    @Override
    public void onVerified(String backupId, @Nullable VerificationReport report, @Nullable String error, @Nullable String who) {
        if (report != null && report.ok()) {
            return;
        }
        String problems = report == null ? "The verification could not run: " + error
                : report.problems().size() + " problem(s): " + String.join("; ", report.problems());
        publish(base(EventType.VERIFY_FAILED).backupId(backupId).sources(sources).destinations(destinations.subList(0, 1)).error(problems)
                .detail("level", report == null ? null : report.level().name().toLowerCase(java.util.Locale.ROOT)).detail("requested-by", who));
    }

    @Override
    public void onRestoreFinished(BackupJob job) {
        boolean ok = job.state() == BackupJob.State.SUCCEEDED;
        Instant finished = job.finishedAt();
        publish(base(ok ? EventType.RESTORE_SUCCEEDED : EventType.RESTORE_FAILED).backupId(job.backupId()).sources(job.sources())
                .destinations(destinations.subList(0, 1)).size(ok ? job.storedBytes() : null)
                .duration(finished == null ? null : Duration.between(job.startedAt(), finished)).error(job.error())
                .detail("requested-by", job.requestedBy()).detail("target", job.target()).detail("safety-backup-id", job.safetyBackupId()));
    }

    /** A drill that failed its checks, or could not run, is alerted; a passed drill is not (metrics show it). */
    @Override
    public void onDrillFinished(BackupJob job, @Nullable DrillResult result) {
        if (result != null && result.ok()) {
            return;
        }
        String error = result == null ? "The drill could not run: " + job.error()
                : result.failures().size() + " of " + result.checks().size() + " check(s) failed: " + BackupDrillService.describe(result.failures());
        publish(base(EventType.DRILL_FAILED).backupId(job.backupId()).sources(result == null ? job.sources()
                : result.checks().stream().map(check -> check.source()).distinct().toList()).destinations(destinations.subList(0, 1))
                .error(error).detail("rto-seconds", result == null ? null : result.rto().toMillis() / 1000.0).detail("trigger", job.trigger()));
    }

    /**
     * Reports staleness once per episode: no good backup within {@code backup.health.max-age} (counted from
     * the first start when there is none). A fresh backup seen here (made by another process) ends the
     * episode with {@code recovered}.
     */
    public void checkStale() {
        if (sources.isEmpty()) {
            return; // nothing is backed up (said at start-up): there is nothing to be stale
        }
        Instant last = history.lastSuccess();
        Instant reference = last != null ? last : history.firstStart();
        boolean tooOld = Duration.between(reference, clock.instant()).compareTo(maxAge) > 0;
        EventType send;
        synchronized (lock) {
            if (tooOld == stale) {
                return;
            }
            stale = tooOld;
            if (!tooOld && failing) {
                return; // still failing here: recovered follows this process's own success
            }
            send = tooOld ? EventType.STALE : EventType.RECOVERED;
        }
        NotificationEvent.Builder event = base(send).backupId(history.lastBackupId()).sources(sources).destinations(destinations)
                .nextRun(nextRun.get());
        if (send == EventType.STALE) {
            event.error((last == null ? "There is no backup at all, more than the max age (" + maxAgeText() + ", backup.health.max-age or the schedules' largest) after this "
                    + "application first started (" + reference + ")." : "The newest good backup is from " + last + ", older than the max age (" + maxAgeText()
                    + ").") + " Check the application's log for failed or missing scheduled backups.")
                    .detail("last-success", last).detail("max-age", maxAgeText());
        } else {
            event.detail("recovered-from", "staleness").detail("last-success", last);
        }
        publish(event);
    }

    /** Reports each destination that became nearly full, once until it has room again. */
    public void checkStorage() {
        for (DestinationSpace destination : space.get()) {
            String why = storageLow.why(destination);
            boolean report;
            synchronized (lock) {
                if (why == null) {
                    low.remove(destination.destination()); // room again: a later shortage is a new episode
                }
                report = why != null && low.add(destination.destination());
            }
            if (report) {
                publish(base(EventType.STORAGE_LOW).destinations(List.of(destination.destination())).error("Destination '"
                        + destination.destination() + "' is nearly full: " + why + ". Free space or lower the retention, or backups will "
                        + "start to fail.").detail("destination", destination.destination()).detail("used-bytes", destination.usedBytes())
                        .detail("free-bytes", destination.freeBytes()).detail("total-bytes", destination.totalBytes()));
            }
        }
    }

    /** Sends one {@code test} event to every channel ({@code backup.notifications.test-on-startup}). */
    public void sendTest() {
        publish(base(EventType.TEST).sources(sources).destinations(destinations).nextRun(nextRun.get())
                .detail("message", "This is a test message of the embedded backup: this channel is set up correctly."));
    }

    /** The channels events are delivered to. */
    public List<String> channels() {
        return dispatcher.channelNames();
    }

    /** The channels that are sent events of {@code type}. */
    public List<String> channels(EventType type) {
        return dispatcher.channelNames(type);
    }

    private NotificationEvent.Builder event(EventType type, BackupJob job) {
        return base(type).sources(job.sources().isEmpty() ? sources : job.sources()).destinations(destinations);
    }

    private NotificationEvent.Builder base(EventType type) {
        return NotificationEvent.builder(type, identity.service(), identity.host(), clock.instant()).link(identity.link())
                .nextRun(nextRun.get());
    }

    private void publish(NotificationEvent.Builder event) {
        dispatcher.publish(event.build());
    }

    private static @Nullable String attempts(BackupJob job) {
        return job.maxAttempts() > 1 ? job.attempt() + " of " + job.maxAttempts() : null;
    }

    private String maxAgeText() {
        return maxAge.toString().substring(2).toLowerCase(java.util.Locale.ROOT); // PT25H → 25h, as the property is written
    }
}
