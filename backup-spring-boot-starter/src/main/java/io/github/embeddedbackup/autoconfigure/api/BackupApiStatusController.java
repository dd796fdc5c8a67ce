package io.github.embeddedbackup.autoconfigure.api;

import io.github.embeddedbackup.autoconfigure.BackupHealthCheck;
import io.github.embeddedbackup.autoconfigure.BackupScheduler;
import io.github.embeddedbackup.autoconfigure.api.BackupApiViews.DestinationView;
import io.github.embeddedbackup.autoconfigure.api.BackupApiViews.HealthView;
import io.github.embeddedbackup.autoconfigure.api.BackupApiViews.JobView;
import io.github.embeddedbackup.autoconfigure.api.BackupApiViews.LastDrillView;
import io.github.embeddedbackup.autoconfigure.api.BackupApiViews.RestoreOptionsView;
import io.github.embeddedbackup.autoconfigure.api.BackupApiViews.ScheduleStatusView;
import io.github.embeddedbackup.autoconfigure.api.BackupApiViews.SourceView;
import io.github.embeddedbackup.autoconfigure.api.BackupApiViews.StatusView;
import io.github.embeddedbackup.autoconfigure.api.BackupApiViews.TargetView;
import io.github.embeddedbackup.autoconfigure.properties.BackupProperties;
import io.github.embeddedbackup.core.drill.DrillRecords;
import io.github.embeddedbackup.core.drill.DrillResult;
import io.github.embeddedbackup.core.plan.BackupPlan;
import io.github.embeddedbackup.runtime.BackupDrillService;
import io.github.embeddedbackup.runtime.BackupHistory;
import io.github.embeddedbackup.runtime.BackupJob;
import io.github.embeddedbackup.runtime.BackupNotifications;
import io.github.embeddedbackup.runtime.BackupRestoreService;
import io.github.embeddedbackup.runtime.BackupService;
import io.github.embeddedbackup.runtime.StorageUsage;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/backup/status} (health, schedules, drills, alerts, destinations, where restores may
 * go, the running job) and {@code GET /api/backup/audit} (recent audited actions): read-only, authorised
 * like every call of the API, for the admin console and for scripts.
 */
@RestController
@RequestMapping("${backup.api.base-path:/api/backup}")
public class BackupApiStatusController {

    private static final int MAX_AUDIT = BackupAuditLog.RECENT;
    private static final int RECENT_JOBS = 10;
    private static final java.time.Duration DRILL_LOOKUP_INTERVAL = java.time.Duration.ofMinutes(1);

    private final BackupService service;
    private final BackupRestoreService restores;
    private final BackupDrillService drills;
    private final BackupAuditLog audit;
    private final BackupProperties properties;
    private final @Nullable BackupScheduler scheduler;
    private final @Nullable StorageUsage usage;
    private final @Nullable BackupNotifications notifications;
    private final BackupHealthCheck health;
    private final ProgressEstimates estimates;
    private final Clock clock = Clock.systemUTC();
    private volatile @Nullable RecordedDrill recordedDrill;

    public BackupApiStatusController(BackupService service, BackupRestoreService restores, BackupDrillService drills, BackupAuditLog audit,
            BackupProperties properties, ObjectProvider<BackupScheduler> scheduler, ObjectProvider<StorageUsage> usage,
            ObjectProvider<BackupNotifications> notifications, ProgressEstimates estimates) {
        this.service = service;
        this.restores = restores;
        this.drills = drills;
        this.audit = audit;
        this.properties = properties;
        this.scheduler = scheduler.getIfAvailable();
        this.usage = usage.getIfAvailable();
        this.notifications = notifications.getIfAvailable();
        this.health = new BackupHealthCheck(service, this.scheduler, properties.health().maxAge(), Clock.systemUTC(), drills);
        this.estimates = estimates;
    }

    @GetMapping("/status")
    public StatusView status(HttpServletRequest request) {
        String basePath = request.getContextPath() + properties.api().basePath();
        BackupHealthCheck.Assessment assessment = health.assess();
        BackupHistory history = service.history();
        HealthView healthView = new HealthView(assessment.state().name(), assessment.reason(), string(history.lastSuccess()),
                history.lastBackupId(), string(history.lastFailure()), history.lastError());
        BackupJob running = service.jobs().running();
        List<ScheduleStatusView> schedules = scheduler == null ? List.of() : scheduler.views().values().stream()
                .map(view -> new ScheduleStatusView(view.schedule().name(), view.schedule().cron(), view.schedule().zone().getId(),
                        view.schedule().sources(), string(view.nextRun()), string(view.lastSuccess()), view.schedule().maxAge().toString(),
                        view.lastError()))
                .toList();
        BackupRestoreService.Places places = restores.places();
        return new StatusView(BackupApiInterceptor.caller(request).name(), healthView, running == null ? null : JobView.of(running, basePath, estimates.estimate(running)),
                schedules, lastDrill(), notifications == null ? List.of() : notifications.channels(),
                service.sources().stream().map(source -> new SourceView(source.name(), source.type())).toList(), destinations(),
                new RestoreOptionsView(places.targets().stream().map(target -> new TargetView(target.name(), target.type())).toList(),
                        places.inPlace(), properties.restore().safetyBackup()),
                service.jobs().recentJobs().stream().limit(RECENT_JOBS).map(job -> JobView.of(job, basePath, null)).toList());
    }

    /** The newest audited actions first: who did what, on which backup, and the outcome. */
    @GetMapping("/audit")
    public List<BackupAuditLog.Entry> audit(@RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > MAX_AUDIT) {
            throw BackupApiProblem.badRequest("limit must be between 1 and " + MAX_AUDIT + " (the entries kept in memory), but was " + limit
                    + ". The log 'backup.audit' holds every entry.");
        }
        return audit.recent(limit);
    }

    /**
     * This instance's last drill; else (after a restart, or drills run by another instance) the newest drill recorded in
     * the storage, looked up at most once a minute: the page asks for the status every second while a job runs.
     */
    private @Nullable LastDrillView lastDrill() {
        DrillResult result = drills.lastResult();
        if (result != null) {
            return new LastDrillView(result.backupId(), result.ok(), result.drilledAt().toString(), result.rto().toMillis() / 1000.0);
        }
        RecordedDrill cached = recordedDrill;
        Instant now = clock.instant();
        if (cached != null && cached.lookedUp().plus(DRILL_LOOKUP_INTERVAL).isAfter(now)) {
            return cached.drill();
        }
        LastDrillView found;
        try {
            found = new DrillRecords(service.repository().storage()).newest()
                    .map(drill -> new LastDrillView(drill.backupId(), drill.ok(), drill.drilledAt().toString(), drill.rtoSeconds())).orElse(null);
        } catch (RuntimeException e) {
            return cached == null ? null : cached.drill(); // the records cannot be read now; the destinations say why
        }
        recordedDrill = new RecordedDrill(found, now);
        return found;
    }

    /** The newest recorded drill and when it was looked up. */
    private record RecordedDrill(@Nullable LastDrillView drill, Instant lookedUp) {}

    private List<DestinationView> destinations() {
        List<DestinationView> views = new ArrayList<>();
        List<BackupPlan.Destination> destinations = service.destinations();
        Map<String, StorageUsage.Usage> measured = new java.util.HashMap<>();
        if (usage != null) {
            usage.current().forEach(each -> measured.put(each.destination(), each));
        }
        for (int i = 0; i < destinations.size(); i++) {
            String name = destinations.get(i).destination().name();
            StorageUsage.Usage figures = measured.get(name);
            String error = usage == null ? null : figures == null ? "cannot be measured now; the application log says why"
                    : usage.failing(name) ? "the last measurement failed; these figures are from " + figures.measuredAt() : null;
            views.add(new DestinationView(name, i == 0, figures == null ? null : figures.backups(), figures == null ? null : figures.usedBytes(),
                    figures == null || figures.space() == null ? null : figures.space().freeBytes(),
                    figures == null || figures.space() == null ? null : figures.space().totalBytes(),
                    figures == null ? null : figures.measuredAt().toString(), error));
        }
        return views;
    }

    private static @Nullable String string(@Nullable Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
