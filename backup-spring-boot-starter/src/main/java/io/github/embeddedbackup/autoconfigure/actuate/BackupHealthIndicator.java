package io.github.embeddedbackup.autoconfigure.actuate;

import io.github.embeddedbackup.autoconfigure.BackupScheduler;
import io.github.embeddedbackup.runtime.BackupHistory;
import io.github.embeddedbackup.runtime.BackupJob;
import io.github.embeddedbackup.runtime.BackupSchedule;
import io.github.embeddedbackup.runtime.BackupService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.github.embeddedbackup.core.drill.DrillResult;
import io.github.embeddedbackup.runtime.BackupDrillService;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * {@code backup}: UP while the newest complete backup is younger than {@code backup.health.max-age}
 * the last run did not fail and no newer backup has a manifest that cannot be read; DOWN otherwise. The newest backup is read from the storage (cached for a
 * minute), so deleted backups show. Until a backup exists, the age counts from the first start ever
 * seen in the storage, so a fresh installation is not DOWN before its first scheduled run could be,
 * and a crash loop that never backs up is.
 * Details never hold a secret.
 */
public class BackupHealthIndicator extends AbstractHealthIndicator {

    private static final Logger logger = LoggerFactory.getLogger(BackupHealthIndicator.class);

    private final BackupService service;
    private final BackupHistory history;
    private final @Nullable BackupScheduler scheduler;
    private final Duration maxAge;
    private final Clock clock;
    private final Status down;
    private final @Nullable BackupDrillService drills;
    private volatile boolean wasDown;

    /**
     * What the component reports instead of DOWN when it must not affect the overall health
     * ({@code backup.health.affects-overall=false}): the aggregate ignores a status outside its order,
     * {@code /actuator/health/backup} answers 503 for it ({@link BackupHealthGroups}).
     */
    public static final Status BACKUP_DOWN = new Status("BACKUP_DOWN", "backups are failing or stale; the application itself is not affected");

    /** Reports DOWN, which turns the overall health DOWN. */
    public BackupHealthIndicator(BackupService service, @Nullable BackupScheduler scheduler, Duration maxAge, Clock clock) {
        this(service, scheduler, maxAge, clock, true);
    }

    /** @param affectsOverall DOWN when true, else {@link #BACKUP_DOWN} */
    public BackupHealthIndicator(BackupService service, @Nullable BackupScheduler scheduler, Duration maxAge, Clock clock,
            boolean affectsOverall) {
        this(service, scheduler, maxAge, clock, affectsOverall, null);
    }

    /** @param drills whose last drill is shown as {@code lastDrill} (never changing the status), or null */
    public BackupHealthIndicator(BackupService service, @Nullable BackupScheduler scheduler, Duration maxAge, Clock clock,
            boolean affectsOverall, @Nullable BackupDrillService drills) {
        super("Backup health check failed");
        this.drills = drills;
        this.service = service;
        this.history = service.history();
        this.scheduler = scheduler;
        this.maxAge = maxAge;
        this.clock = clock;
        this.down = affectsOverall ? Status.DOWN : BACKUP_DOWN;
    }

    /** Why a schedule is unhealthy (stale, or its last run failed here), or null. */
    private static @Nullable String problem(BackupScheduler.ScheduleView view, Instant now) {
        if (view.lastError() != null) {
            return "the last backup failed: " + view.lastError();
        }
        Duration maxAge = view.schedule().maxAge();
        Duration age = view.age(now);
        if (age.compareTo(maxAge) <= 0) {
            return null;
        }
        return view.lastSuccess() == null ? "no backup in storage in the " + hoursOrLess(age) + " since the first start (" + view.firstStart()
                + ", max-age " + maxAge + ")" : "the last successful backup is " + hoursOrLess(age) + " old (max-age " + maxAge + ")";
    }

    /** "26 h" as before; below an hour (an every-few-minutes schedule) in minutes or seconds rather than "0 h". */
    private static String hoursOrLess(Duration age) {
        return age.toHours() > 0 ? age.toHours() + " h" : age.toMinutes() > 0 ? age.toMinutes() + " min" : age.toSeconds() + " s";
    }

    private static Map<String, Object> details(BackupScheduler.ScheduleView view, Instant now) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("cron", view.schedule().cron());
        details.put("nextRun", view.nextRun() == null ? "not scheduled" : view.nextRun().toString());
        details.put("lastSuccess", view.lastSuccess() == null ? "none" : view.lastSuccess().toString());
        details.put("age", view.age(now).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        details.put("maxAge", view.schedule().maxAge().toString());
        if (view.lastFailure() != null) {
            details.put("lastFailure", view.lastFailure().toString());
            details.put("lastError", String.valueOf(view.lastError()));
        }
        return details;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (service.sources().isEmpty()) {
            // Nothing to back up is not a failure of the application: UNKNOWN leaves the overall health alone.
            builder.unknown().withDetail("reason", "no sources configured: nothing is backed up. Set backup.sources.<name>.url "
                    + "or backup.sources.<name>.path (the application's DataSource is backed up when it is PostgreSQL or SQLite).");
            return;
        }
        Instant now = clock.instant();
        Instant lastSuccess = history.lastSuccess();
        Instant lastFailure = history.lastFailure();
        Instant firstStart = history.firstStart();
        Duration age = Duration.between(lastSuccess != null ? lastSuccess : firstStart, now);
        boolean failedLast = lastFailure != null && (lastSuccess == null || lastFailure.isAfter(lastSuccess));
        String reason = null;
        Map<String, BackupScheduler.ScheduleView> schedules = scheduler == null ? Map.of() : scheduler.views();
        if (failedLast) {
            reason = "the last backup failed: " + history.lastError();
        } else if (schedules.isEmpty() && age.compareTo(maxAge) > 0) {
            reason = lastSuccess == null ? "no backup in storage in the " + age.toHours() + " h since the first start (" + firstStart
                    + ", max-age " + maxAge + ")" : "the last successful backup is " + age.toHours() + " h old (max-age " + maxAge + ")";
        }
        if (reason == null) {
            // Each schedule by its own max age: a monthly schedule is not stale after a day, an hourly one is after two hours.
            boolean onlyDefault = schedules.size() == 1 && schedules.containsKey(BackupSchedule.DEFAULT);
            List<String> reasons = new java.util.ArrayList<>();
            schedules.values().forEach(view -> {
                String problem = problem(view, now);
                if (problem != null) {
                    reasons.add(onlyDefault ? problem : "schedule '" + view.schedule().name() + "': " + problem);
                }
            });
            reason = reasons.isEmpty() ? null : String.join("; ", reasons);
        }
        List<String> skipped = history.newestSkipped();
        if (reason == null && !skipped.isEmpty()) {
            // The newest backup is damaged: an older one would be restored, so this is not a healthy state.
            reason = "the newest backup cannot be used: " + String.join(" ", skipped);
        }
        if (!skipped.isEmpty()) {
            builder.withDetail("warnings", skipped);
        }
        if (reason == null) {
            builder.up();
            wasDown = false;
        } else {
            builder.status(down).withDetail("reason", reason);
            if (!wasDown) {
                logger.warn("Backup health is DOWN: {}", reason);
                wasDown = true;
            }
        }
        builder.withDetail("lastSuccess", lastSuccess == null ? "none" : lastSuccess.toString());
        if (lastSuccess == null) {
            builder.withDetail("firstStart", firstStart.toString());
        }
        if (history.lastBackupId() != null) {
            builder.withDetail("lastBackupId", history.lastBackupId());
        }
        // Whole seconds: "PT3H12M5S", not nanosecond noise.
        builder.withDetail("age", age.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()).withDetail("maxAge", maxAge.toString());
        if (lastFailure != null) {
            builder.withDetail("lastFailure", lastFailure.toString()).withDetail("lastError", String.valueOf(history.lastError()));
        }
        Instant next = scheduler == null ? null : scheduler.nextRun();
        builder.withDetail("nextRun", next == null ? "not scheduled" : next.toString());
        if (!schedules.isEmpty()) {
            Map<String, Object> each = new LinkedHashMap<>();
            schedules.forEach((name, view) -> each.put(name, details(view, now)));
            builder.withDetail("schedules", each);
        }
        BackupJob running = service.jobs().running();
        if (running != null) {
            builder.withDetail("running", running.id());
        }
        DrillResult drill = drills == null ? null : drills.lastResult();
        if (drill != null) {
            // Shown, never judged: a failed drill is alerted (drill-failed, backup.drill.failures), the backups themselves may be fine.
            Map<String, Object> lastDrill = new LinkedHashMap<>();
            lastDrill.put("backupId", drill.backupId());
            lastDrill.put("ok", drill.ok());
            lastDrill.put("drilledAt", drill.drilledAt().toString());
            lastDrill.put("rto", drill.rto().toString());
            builder.withDetail("lastDrill", lastDrill);
        }
    }
}
