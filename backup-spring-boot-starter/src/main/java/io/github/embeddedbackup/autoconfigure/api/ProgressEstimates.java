package io.github.embeddedbackup.autoconfigure.api;

import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.manifest.SourceRecord;
import io.github.embeddedbackup.runtime.BackupJob;
import io.github.embeddedbackup.runtime.BackupService;
import io.github.embeddedbackup.core.source.BackupSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * How large a running backup will probably end: the stored size of the newest backup of the same
 * sources. Worked out once per job (a job is polled every second; the storage is listed about once).
 */
public final class ProgressEstimates {

    private static final int KEPT = 20;

    private final BackupService service;
    private final Map<String, Optional<Long>> byJob = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Optional<Long>> eldest) {
            return size() > KEPT;
        }
    };

    public ProgressEstimates(BackupService service) {
        this.service = service;
    }

    /** The estimate for a running backup job; null for other jobs, finished ones, or when no earlier backup matches. */
    @Nullable Long estimate(BackupJob job) {
        if (job.type() != BackupJob.Type.BACKUP || job.state() != BackupJob.State.RUNNING) {
            return null;
        }
        synchronized (byJob) {
            Optional<Long> known = byJob.get(job.id());
            if (known != null) {
                return known.orElse(null);
            }
        }
        Optional<Long> estimate = previousSize(job); // lists the storage: not under the lock, a slow storage must not stall other callers
        synchronized (byJob) {
            byJob.putIfAbsent(job.id(), estimate);
        }
        return estimate.orElse(null);
    }

    private Optional<Long> previousSize(BackupJob job) {
        Set<String> wanted = Set.copyOf(job.sources().isEmpty() ? service.sources().stream().map(BackupSource::name).toList() : job.sources());
        try {
            List<Manifest> backups = service.repository().list().backups(); // newest first
            return backups.stream()
                    .filter(manifest -> manifest.sources().stream().map(SourceRecord::name).collect(Collectors.toSet()).equals(wanted))
                    .findFirst().map(manifest -> manifest.archive().size());
        } catch (RuntimeException e) {
            return Optional.empty(); // the storage cannot be listed now: no estimate, the job still shows its bytes
        }
    }
}
