package io.github.embeddedbackup.autoconfigure.actuate;

import io.github.embeddedbackup.autoconfigure.BackupScheduler;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.repository.BackupListing;
import io.github.embeddedbackup.runtime.BackupHistory;
import io.github.embeddedbackup.runtime.BackupNotifications;
import io.github.embeddedbackup.runtime.BackupJob;
import io.github.embeddedbackup.runtime.BackupService;
import io.github.embeddedbackup.runtime.StarterMessages;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import io.github.embeddedbackup.runtime.BackupAlreadyRunningException;
import io.github.embeddedbackup.runtime.BackupRunningElsewhereException;

/**
 * {@code /actuator/backup}: GET shows the status, recent runs, the next run, recent backups and
 * storage usage; POST starts a backup (or joins the running one) and returns its job;
 * GET {@code /actuator/backup/{jobId}} follows a job. Returns descriptions, never a secret.
 *
 * <p>Read-only by default, even when an application exposes every endpoint: starting a backup needs
 * {@code management.endpoint.backup.access=unrestricted}.
 */
@Endpoint(id = "backup", defaultAccess = Access.READ_ONLY)
public class BackupEndpoint {

    private static final Logger logger = LoggerFactory.getLogger(BackupEndpoint.class);

    private static final int RECENT_BACKUPS = 10;
    private static final int CONFLICT = 409;

    private final BackupService service;
    private final @Nullable BackupScheduler scheduler;
    private final @Nullable BackupNotifications notifications;

    public BackupEndpoint(BackupService service, @Nullable BackupScheduler scheduler) {
        this(service, scheduler, null);
    }

    /** @param notifications the alerts, whose channels are listed by name (never their URLs) */
    public BackupEndpoint(BackupService service, @Nullable BackupScheduler scheduler, @Nullable BackupNotifications notifications) {
        this.service = service;
        this.scheduler = scheduler;
        this.notifications = notifications;
    }

    @ReadOperation
    public BackupStatusDescriptor status() {
        BackupHistory history = service.history();
        BackupListing listing;
        String storageError = null;
        try {
            listing = service.repository().list();
        } catch (RuntimeException e) {
            // The storage is down: the status still answers (with the error), as health does, instead of a 500 and a stack trace.
            logger.debug("Listing {} for the backup endpoint failed", service.repository().storage().describe(), e);
            listing = new BackupListing(List.of(), List.of());
            storageError = StarterMessages.of(e);
        }
        long totalBytes = listing.backups().stream().mapToLong(manifest -> manifest.archive().size()).sum();
        List<BackupDescriptor> recent = listing.backups().stream().limit(RECENT_BACKUPS).map(BackupDescriptor::of).toList();
        BackupJob running = service.jobs().running();
        Instant next = scheduler == null ? null : scheduler.nextRun();
        return new BackupStatusDescriptor(running != null ? "running" : "idle", running == null ? null : JobDescriptor.of(running),
                string(history.lastSuccess()), history.lastBackupId(), string(history.lastFailure()), history.lastError(), string(next),
                service.sources().stream().map(source -> Map.of("name", source.name(), "type", source.type())).toList(),
                new StorageDescriptor(service.repository().storage().describe(), storageError == null ? listing.backups().size() : null,
                        storageError == null ? totalBytes : null, listing.problems(), storageError),
                BackupHistory.newestSkipped(listing), recent, service.jobs().recentJobs().stream().map(JobDescriptor::of).toList(),
                notifications == null ? List.of() : notifications.channels(), schedules());
    }

    /** Each schedule with its next run and its newest backup. */
    private List<ScheduleDescriptor> schedules() {
        if (scheduler == null) {
            return List.of();
        }
        return scheduler.views().values().stream().map(view -> new ScheduleDescriptor(view.schedule().name(), view.schedule().cron(),
                view.schedule().zone().getId(), view.schedule().sources(), view.schedule().destinations(), string(view.nextRun()),
                string(view.lastSuccess()), view.schedule().maxAge().toString(), string(view.lastFailure()), view.lastError())).toList();
    }

    @ReadOperation
    public @Nullable JobDescriptor job(@Selector String jobId) {
        return service.jobs().job(jobId).map(JobDescriptor::of).orElse(null);
    }

    /**
     * Starts a backup (or joins the running one). When it cannot start — another instance backs up, a restore
     * or drill runs here — answers 409 with the reason, as the REST API does, instead of a 500.
     */
    @WriteOperation
    public WebEndpointResponse<Object> trigger() {
        try {
            return new WebEndpointResponse<>(JobDescriptor.of(service.trigger("actuator")), WebEndpointResponse.STATUS_OK);
        } catch (BackupRunningElsewhereException e) {
            return conflict("Running in another instance", e.getMessage(), Map.of("runningAt", e.where()));
        } catch (BackupAlreadyRunningException e) {
            return conflict("Already running", e.getMessage(), Map.of("jobId", e.running().id()));
        }
    }

    private static WebEndpointResponse<Object> conflict(String title, @Nullable String detail, Map<String, String> more) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("title", title);
        body.put("status", CONFLICT);
        body.put("detail", String.valueOf(detail));
        body.putAll(more);
        return new WebEndpointResponse<>(body, CONFLICT);
    }

    private static @Nullable String string(@Nullable Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /**
     * The whole status.
     *
     * @param warnings newer backups than {@code lastBackupId} whose manifests cannot be read: the newest backup is not usable
     * @param notificationChannels where alerts go, by channel name (slack, teams, webhook, email, heartbeat, …)
     */
    public record BackupStatusDescriptor(String status, @Nullable JobDescriptor running, @Nullable String lastSuccess,
            @Nullable String lastBackupId, @Nullable String lastFailure, @Nullable String lastError, @Nullable String nextRun,
            List<Map<String, String>> sources, StorageDescriptor storage, List<String> warnings, List<BackupDescriptor> recentBackups,
            List<JobDescriptor> recentRuns, List<String> notificationChannels, List<ScheduleDescriptor> schedules) {}

    /**
     * One schedule.
     *
     * @param sources the sources it backs up; empty for all
     * @param destinations where it writes; empty for all
     * @param lastSuccess the start of its newest backup in its first destination
     * @param lastFailure when its last run failed in this instance (after its newest backup), or null
     */
    public record ScheduleDescriptor(String name, String cron, String zone, List<String> sources, List<String> destinations,
            @Nullable String nextRun, @Nullable String lastSuccess, String maxAge, @Nullable String lastFailure, @Nullable String lastError) {}

    /**
     * Storage usage.
     *
     * @param backups how many complete backups it holds; null when it cannot be listed now
     * @param error why it cannot be listed now (unreachable, access denied), else null
     */
    public record StorageDescriptor(String location, @Nullable Integer backups, @Nullable Long totalBytes, List<String> unreadableManifests,
            @Nullable String error) {}

    /** One stored backup. */
    public record BackupDescriptor(String id, String startedAt, String finishedAt, long storedBytes, String compression,
            boolean encrypted, List<String> sources, Map<String, String> labels) {

        static BackupDescriptor of(Manifest manifest) {
            return new BackupDescriptor(manifest.id(), manifest.startedAt().toString(), manifest.finishedAt().toString(),
                    manifest.archive().size(), manifest.archive().compression(), manifest.encrypted(),
                    manifest.sources().stream().map(source -> source.name() + " (" + source.type() + ")").toList(), manifest.labels());
        }
    }

    /** One run: the same fields, named the same, as a job of the REST API ({@code /api/backup/jobs/{id}}). */
    public record JobDescriptor(String jobId, String type, String status, String stage, String trigger, List<String> sources,
            @Nullable String currentSource, long bytesProcessed, long storedBytes, String startedAt, @Nullable String finishedAt,
            @Nullable String backupId, @Nullable String safetyBackupId, @Nullable String error, List<String> warnings,
            @Nullable String schedule) {

        static JobDescriptor of(BackupJob job) {
            return new JobDescriptor(job.id(), job.type().name().toLowerCase(java.util.Locale.ROOT), job.state().name().toLowerCase(java.util.Locale.ROOT),
                    job.stage(), job.trigger(), job.sources(), job.source(), job.plainBytes(), job.storedBytes(), job.startedAt().toString(),
                    job.finishedAt() == null ? null : job.finishedAt().toString(), job.backupId(), job.safetyBackupId(), job.error(),
                    job.warnings(), job.schedule());
        }
    }
}
