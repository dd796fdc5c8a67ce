package io.github.embeddedbackup.autoconfigure.api;

import io.github.embeddedbackup.core.drill.DrillRecord;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.manifest.TableRecord;
import io.github.embeddedbackup.core.verify.VerificationReport;
import io.github.embeddedbackup.runtime.BackupJob;
import io.github.embeddedbackup.runtime.VerifyResults;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What the API answers. Descriptions only: never a key, a wrapped key, a password or a sealed detail. */
public final class BackupApiViews {

    private BackupApiViews() {}

    /**
     * A backup, restore or drill job.
     *
     * @param estimatedStoredBytes for a running backup, the stored size of the previous backup of the same sources (an
     *     estimate of where {@code storedBytes} will end, for a progress bar); null when there is none
     */
    public record JobView(String jobId, String type, String status, String stage, String trigger, List<String> sources,
            @Nullable String currentSource, long bytesProcessed, long storedBytes, String startedAt, @Nullable String finishedAt,
            @Nullable String backupId, @Nullable String safetyBackupId, @Nullable String error, List<String> warnings, String location,
            @Nullable String schedule, @Nullable Long estimatedStoredBytes) {

        static JobView of(BackupJob job, String basePath, @Nullable Long estimatedStoredBytes) {
            return new JobView(job.id(), job.type().name().toLowerCase(Locale.ROOT), job.state().name().toLowerCase(Locale.ROOT),
                    job.stage(), job.trigger(), job.sources(), job.source(), job.plainBytes(), job.storedBytes(), job.startedAt().toString(),
                    job.finishedAt() == null ? null : job.finishedAt().toString(), job.backupId(), job.safetyBackupId(), job.error(),
                    job.warnings(), basePath + "/jobs/" + job.id(), job.schedule(), estimatedStoredBytes);
        }
    }

    /** A page of results. */
    public record PageView<T>(List<T> content, int page, int size, long totalElements, int totalPages) {}

    /** A source in a listing. */
    public record SourceView(String name, String type) {}

    /**
     * One backup in a listing.
     *
     * @param lastVerify its last verification in this instance since it started, or null
     * @param lastDrill its last recorded drill, or null
     */
    public record BackupSummaryView(String id, String startedAt, String finishedAt, long durationMs, long storedBytes, String compression,
            boolean encrypted, List<SourceView> sources, Map<String, String> labels, @Nullable VerifyStateView lastVerify,
            @Nullable DrillView lastDrill) {

        static BackupSummaryView of(Manifest manifest, VerifyResults.@Nullable Result verify, @Nullable DrillRecord drill) {
            return new BackupSummaryView(manifest.id(), manifest.startedAt().toString(), manifest.finishedAt().toString(),
                    Duration.between(manifest.startedAt(), manifest.finishedAt()).toMillis(), manifest.archive().size(),
                    manifest.archive().compression(), manifest.encrypted(),
                    manifest.sources().stream().map(source -> new SourceView(source.name(), source.type())).toList(), manifest.labels(),
                    verify == null ? null : VerifyStateView.of(verify), drill == null ? null : DrillView.of(drill));
        }
    }

    /** The last verification of a backup: sound or not, at which level, when, and every problem. */
    public record VerifyStateView(boolean ok, String level, String verifiedAt, List<String> problems, @Nullable String error) {

        static VerifyStateView of(VerifyResults.Result result) {
            return new VerifyStateView(result.ok(), result.level(), result.verifiedAt().toString(), result.problems(), result.error());
        }
    }

    /** A source with what the manifest tells publicly (nothing more for an encrypted backup: its details are sealed). */
    public record SourceDetailView(String name, String type, Map<String, String> properties, List<TableRecord> tables) {}

    /** A key that can open the backup: its kind and fingerprint, never the wrapped key. */
    public record KeyView(String type, @Nullable String keyId) {}

    /** The stored object. */
    public record ArchiveView(String key, long size, String sha256, String compression, @Nullable String encryption, List<KeyView> keys) {}

    /** The public part of a manifest. */
    public record BackupDetailView(String id, int formatVersion, String libraryVersion, String startedAt, String finishedAt, long durationMs,
            Map<String, String> labels, boolean encrypted, @Nullable Long plainBytes, List<SourceDetailView> sources, ArchiveView archive,
            String download, @Nullable DrillView lastDrill) {

        static BackupDetailView of(Manifest manifest, @Nullable DrillView lastDrill, String basePath) {
            var archive = manifest.archive();
            List<KeyView> keys = archive.keys() == null ? List.of() : archive.keys().stream().map(key -> new KeyView(key.type(), key.keyId())).toList();
            return new BackupDetailView(manifest.id(), manifest.formatVersion(), manifest.libraryVersion(), manifest.startedAt().toString(),
                    manifest.finishedAt().toString(), Duration.between(manifest.startedAt(), manifest.finishedAt()).toMillis(), manifest.labels(),
                    manifest.encrypted(), manifest.encrypted() ? null : manifest.plainSize(),
                    manifest.sources().stream().map(source -> new SourceDetailView(source.name(), source.type(), source.properties(), source.tables())).toList(),
                    new ArchiveView(archive.key(), archive.size(), archive.sha256(), archive.compression(), archive.encryption(), keys),
                    basePath + "/" + manifest.id() + "/download", lastDrill);
        }
    }

    /** The last recorded drill of a backup: whether it passed, when, how long the restores took, and the failed checks in words. */
    public record DrillView(boolean ok, String drilledAt, double rtoSeconds, List<String> failedChecks) {

        static DrillView of(DrillRecord record) {
            return new DrillView(record.ok(), record.drilledAt().toString(), record.rtoSeconds(),
                    record.failures().stream().map(check -> check.source() + ": " + check.name() + ": " + check.detail()).toList());
        }
    }

    /** A verification result: every problem found. */
    public record VerifyView(String backupId, String level, boolean ok, List<String> problems, long storedBytes, long durationMs) {

        static VerifyView of(VerificationReport report) {
            return new VerifyView(report.backupId(), report.level().name().toLowerCase(Locale.ROOT), report.ok(), report.problems(),
                    report.storedBytes(), report.duration().toMillis());
        }
    }

    /**
     * What the console's status panel shows, in one call.
     *
     * @param caller who the API takes the caller for (a user name, or {@code token})
     * @param running the job that runs now, or null
     * @param lastDrill the newest drill known (this instance's, else the newest backup's record), or null
     * @param notificationChannels where alerts go, by channel name (never a URL)
     * @param destinations where backups go, the primary first
     * @param recentJobs the recent jobs of this instance, newest first
     */
    public record StatusView(String caller, HealthView health, @Nullable JobView running, List<ScheduleStatusView> schedules,
            @Nullable LastDrillView lastDrill, List<String> notificationChannels, List<SourceView> sources, List<DestinationView> destinations,
            RestoreOptionsView restore, List<JobView> recentJobs) {}

    /**
     * The backups' health as {@code /actuator/health} judges it.
     *
     * @param status UP, DOWN or UNKNOWN
     * @param reason why not UP, or null
     * @param lastSuccess when the newest complete backup started, or null
     */
    public record HealthView(String status, @Nullable String reason, @Nullable String lastSuccess, @Nullable String lastBackupId,
            @Nullable String lastFailure, @Nullable String lastError) {}

    /** A schedule: when it runs next, and its newest backup. */
    public record ScheduleStatusView(String name, String cron, String zone, List<String> sources, @Nullable String nextRun,
            @Nullable String lastSuccess, String maxAge, @Nullable String lastError) {}

    /** The newest drill known. */
    public record LastDrillView(String backupId, boolean ok, String drilledAt, double rtoSeconds) {}

    /**
     * A destination and what it holds.
     *
     * @param usedBytes the stored size of its complete backups, or null when never measured
     * @param freeBytes the free space of its storage, or null where the storage has no such notion (object stores)
     * @param error why it cannot be measured now, or null
     */
    public record DestinationView(String name, boolean primary, @Nullable Integer backups, @Nullable Long usedBytes, @Nullable Long freeBytes,
            @Nullable Long totalBytes, @Nullable String measuredAt, @Nullable String error) {}

    /**
     * Where a restore may go.
     *
     * @param targets the allow-list {@code backup.restore.targets}
     * @param inPlace the sources that may be restored into themselves (empty when switched off)
     * @param safetyBackup whether a restore takes a safety backup of the target unless told otherwise
     */
    public record RestoreOptionsView(List<TargetView> targets, List<String> inPlace, boolean safetyBackup) {}

    /** A restore target: its name and kind (postgresql, sqlite, …). */
    public record TargetView(String name, String type) {}
}
