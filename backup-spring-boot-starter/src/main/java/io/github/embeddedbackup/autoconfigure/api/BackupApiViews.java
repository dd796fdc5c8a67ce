package io.github.embeddedbackup.autoconfigure.api;

import io.github.embeddedbackup.core.drill.DrillRecord;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.manifest.TableRecord;
import io.github.embeddedbackup.core.verify.VerificationReport;
import io.github.embeddedbackup.runtime.BackupJob;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What the API answers. Descriptions only: never a key, a wrapped key, a password or a sealed detail. */
public final class BackupApiViews {

    private BackupApiViews() {}

    /** A backup or restore job. */
    public record JobView(String jobId, String type, String status, String stage, String trigger, List<String> sources,
            @Nullable String currentSource, long bytesProcessed, long storedBytes, String startedAt, @Nullable String finishedAt,
            @Nullable String backupId, @Nullable String safetyBackupId, @Nullable String error, List<String> warnings, String location,
            @Nullable String schedule) {

        static JobView of(BackupJob job, String basePath) {
            return new JobView(job.id(), job.type().name().toLowerCase(Locale.ROOT), job.state().name().toLowerCase(Locale.ROOT),
                    job.stage(), job.trigger(), job.sources(), job.source(), job.plainBytes(), job.storedBytes(), job.startedAt().toString(),
                    job.finishedAt() == null ? null : job.finishedAt().toString(), job.backupId(), job.safetyBackupId(), job.error(),
                    job.warnings(), basePath + "/jobs/" + job.id(), job.schedule());
        }
    }

    /** A page of results. */
    public record PageView<T>(List<T> content, int page, int size, long totalElements, int totalPages) {}

    /** A source in a listing. */
    public record SourceView(String name, String type) {}

    /** One backup in a listing. */
    public record BackupSummaryView(String id, String startedAt, String finishedAt, long durationMs, long storedBytes, String compression,
            boolean encrypted, List<SourceView> sources, Map<String, String> labels) {

        static BackupSummaryView of(Manifest manifest) {
            return new BackupSummaryView(manifest.id(), manifest.startedAt().toString(), manifest.finishedAt().toString(),
                    Duration.between(manifest.startedAt(), manifest.finishedAt()).toMillis(), manifest.archive().size(),
                    manifest.archive().compression(), manifest.encrypted(),
                    manifest.sources().stream().map(source -> new SourceView(source.name(), source.type())).toList(), manifest.labels());
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
}
