package io.github.embeddedbackup.autoconfigure;

import io.github.embeddedbackup.core.drill.DrillResult;
import io.github.embeddedbackup.runtime.BackupDrillService;
import io.github.embeddedbackup.runtime.BackupHistory;
import io.github.embeddedbackup.runtime.BackupJob;
import io.github.embeddedbackup.runtime.BackupSchedule;
import io.github.embeddedbackup.runtime.BackupService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Whether the backups are healthy, and why not: UP while the newest complete backup is younger than
 * the max age, the last run did not fail and no newer backup has a manifest that cannot be read; DOWN
 * otherwise; UNKNOWN when nothing is configured to back up. One judgement, shown by the {@code backup}
 * health indicator and by the REST API's status (which works without Actuator). Never holds a secret.
 */
public final class BackupHealthCheck {

    /** The outcome of a check. */
    public enum State { UP, DOWN, UNKNOWN }

    /**
     * One check.
     *
     * @param reason why it is not UP, in words; null when UP
     * @param details what the health indicator shows, in its order
     */
    public record Assessment(State state, @Nullable String reason, Map<String, Object> details) {}

    private final BackupService service;
    private final BackupHistory history;
    private final @Nullable BackupScheduler scheduler;
    private final Duration maxAge;
    private final Clock clock;
    private final @Nullable BackupDrillService drills;

    /**
     * @param scheduler whose schedules are judged each by its own max age, or null
     * @param maxAge the age at which the newest backup is stale when no schedule says otherwise
     * @param drills whose last drill is shown (never changing the state), or null
     */
    public BackupHealthCheck(BackupService service, @Nullable BackupScheduler scheduler, Duration maxAge, Clock clock,
            @Nullable BackupDrillService drills) {
        this.service = service;
        this.history = service.history();
        this.scheduler = scheduler;
        this.maxAge = maxAge;
        this.clock = clock;
        this.drills = drills;
    }

    public Assessment assess() {
        if (service.sources().isEmpty()) {
            // Nothing to back up is not a failure of the application: UNKNOWN leaves the overall health alone.
            String reason = "no sources configured: nothing is backed up. Set backup.sources.<name>.url "
                    + "or backup.sources.<name>.path (the application's DataSource is backed up when it is PostgreSQL or SQLite).";
            return new Assessment(State.UNKNOWN, reason, Map.of("reason", reason));
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
            List<String> reasons = new ArrayList<>();
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
        Map<String, Object> details = new LinkedHashMap<>();
        if (!skipped.isEmpty()) {
            details.put("warnings", skipped);
        }
        if (reason != null) {
            details.put("reason", reason);
        }
        details.put("lastSuccess", lastSuccess == null ? "none" : lastSuccess.toString());
        if (lastSuccess == null) {
            details.put("firstStart", firstStart.toString());
        }
        if (history.lastBackupId() != null) {
            details.put("lastBackupId", history.lastBackupId());
        }
        // Whole seconds: "PT3H12M5S", not nanosecond noise.
        details.put("age", age.truncatedTo(ChronoUnit.SECONDS).toString());
        details.put("maxAge", maxAge.toString());
        if (lastFailure != null) {
            details.put("lastFailure", lastFailure.toString());
            details.put("lastError", String.valueOf(history.lastError()));
        }
        Instant next = scheduler == null ? null : scheduler.nextRun();
        details.put("nextRun", next == null ? "not scheduled" : next.toString());
        if (!schedules.isEmpty()) {
            Map<String, Object> each = new LinkedHashMap<>();
            schedules.forEach((name, view) -> each.put(name, details(view, now)));
            details.put("schedules", each);
        }
        BackupJob running = service.jobs().running();
        if (running != null) {
            details.put("running", running.id());
        }
        DrillResult drill = drills == null ? null : drills.lastResult();
        if (drill != null) {
            // Shown, never judged: a failed drill is alerted (drill-failed, backup.drill.failures), the backups themselves may be fine.
            Map<String, Object> lastDrill = new LinkedHashMap<>();
            lastDrill.put("backupId", drill.backupId());
            lastDrill.put("ok", drill.ok());
            lastDrill.put("drilledAt", drill.drilledAt().toString());
            lastDrill.put("rto", drill.rto().toString());
            details.put("lastDrill", lastDrill);
        }
        return new Assessment(reason == null ? State.UP : State.DOWN, reason, Collections.unmodifiableMap(details));
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
        details.put("age", view.age(now).truncatedTo(ChronoUnit.SECONDS).toString());
        details.put("maxAge", view.schedule().maxAge().toString());
        if (view.lastFailure() != null) {
            details.put("lastFailure", view.lastFailure().toString());
            details.put("lastError", String.valueOf(view.lastError()));
        }
        return details;
    }
}
