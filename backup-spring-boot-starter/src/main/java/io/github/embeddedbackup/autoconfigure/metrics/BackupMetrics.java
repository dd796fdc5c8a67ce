package io.github.embeddedbackup.autoconfigure.metrics;

import io.github.embeddedbackup.core.drill.DrillResult;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.storage.StorageSpace;
import io.github.embeddedbackup.runtime.BackupHistory;
import io.github.embeddedbackup.runtime.BackupJob;
import io.github.embeddedbackup.runtime.BackupRunListener;
import io.github.embeddedbackup.runtime.JobRunner;
import io.github.embeddedbackup.runtime.StorageUsage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * Turns backup runs into Micrometer meters. Bound by Spring Boot to every registry. Told about runs as a
 * listener of the backup service; reads the gauges from the history, the job runner and the storage
 * usage, which exist before the service.
 */
public class BackupMetrics implements MeterBinder, BackupRunListener {

    private static final String BYTES = "bytes";

    private final BackupHistory history;
    private final JobRunner jobs;
    private final @Nullable StorageUsage storage;
    private final List<String> sources;
    private volatile @Nullable MeterRegistry registry;
    private volatile @Nullable Instant lastAttempt;
    private volatile @Nullable Duration lastDuration;
    private volatile long lastSize = -1;
    private volatile @Nullable Instant lastDrillSuccess;
    private volatile @Nullable Duration lastDrillRto;

    /**
     * @param storage what each destination holds, or null for no storage meters
     * @param sources the names of the plan's sources: a failed backup of all sources counts a failure for each
     */
    public BackupMetrics(BackupHistory history, JobRunner jobs, @Nullable StorageUsage storage, List<String> sources) {
        this.history = history;
        this.jobs = jobs;
        this.storage = storage;
        this.sources = List.copyOf(sources);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        TimeGauge.builder(BackupMetricNames.LAST_SUCCESS, this, TimeUnit.SECONDS, BackupMetrics::lastSuccessSeconds)
                .description("Start of the newest complete backup, since the epoch").register(registry);
        TimeGauge.builder(BackupMetricNames.LAST_ATTEMPT, this, TimeUnit.SECONDS, BackupMetrics::lastAttemptSeconds)
                .description("Start of the most recent backup attempt, whatever its outcome, since the epoch").register(registry);
        TimeGauge.builder(BackupMetricNames.LAST_DURATION, this, TimeUnit.SECONDS, BackupMetrics::lastDurationSeconds)
                .description("How long the most recent finished backup ran, whatever its outcome").register(registry);
        Gauge.builder(BackupMetricNames.LAST_SIZE, this, metrics -> metrics.lastSize < 0 ? Double.NaN : metrics.lastSize).baseUnit(BYTES)
                .description("Bytes stored by the most recent successful backup").register(registry);
        Gauge.builder(BackupMetricNames.RUNNING, this, metrics -> metrics.runningNow() ? 1 : 0)
                .description("Whether a backup is running").register(registry);
        Counter.builder(BackupMetricNames.RETENTION_DELETED).description("Backups deleted by retention").register(registry);
        TimeGauge.builder(BackupMetricNames.DRILL_LAST_SUCCESS, this, TimeUnit.SECONDS, metrics -> seconds(metrics.lastDrillSuccess))
                .description("Start of the last restore drill that passed, since the epoch").register(registry);
        TimeGauge.builder(BackupMetricNames.DRILL_DURATION, this, TimeUnit.SECONDS, metrics -> seconds(metrics.lastDrillRto))
                .description("How long the last restore drill's restores took (its recovery time)").register(registry);
        drillFailures(registry); // at zero from the start, like backup.failures
        // At zero from the start: Prometheus' increase() misses the first failure of a series that appears with it.
        sources.forEach(source -> failures(registry, source));
        if (storage != null) {
            bindStorage(registry, storage);
        }
    }

    private static void bindStorage(MeterRegistry registry, StorageUsage storage) {
        for (String destination : storage.destinations()) {
            storageGauge(registry, storage, BackupMetricNames.STORAGE_USED, destination, BYTES,
                    "Bytes the complete backups take in the destination", usage -> usage.usedBytes());
            storageGauge(registry, storage, BackupMetricNames.STORAGE_BACKUPS, destination, null, "Complete backups in the destination",
                    usage -> usage.backups());
            if (storage.reportsSpace(destination)) {
                storageGauge(registry, storage, BackupMetricNames.STORAGE_FREE, destination, BYTES,
                        "Bytes this process can still write in the destination", usage -> {
                            StorageSpace space = usage.space();
                            return space == null ? Double.NaN : space.freeBytes();
                        });
            }
        }
    }

    /** A gauge of one destination's last figures: NaN until it was measured once. */
    private static void storageGauge(MeterRegistry registry, StorageUsage storage, String name, String destination, @Nullable String unit,
            String description, ToDoubleFunction<StorageUsage.Usage> figure) {
        Gauge.builder(name, storage, usage -> usage.current(destination).map(figure::applyAsDouble).orElse(Double.NaN))
                .tag("destination", destination).baseUnit(unit).description(description).register(registry);
    }

    @Override
    public void onStarted(BackupJob job) {
        lastAttempt = job.startedAt();
    }

    @Override
    public void onSucceeded(BackupJob job, Manifest manifest, Duration duration) {
        lastDuration = duration;
        lastSize = manifest.archive().size();
        MeterRegistry meters = registry;
        if (meters == null) {
            return;
        }
        timer(meters, "success", job).record(duration);
        DistributionSummary.builder(BackupMetricNames.SIZE).baseUnit(BYTES).description("Stored size of each backup")
                .register(meters).record(manifest.archive().size());
    }

    @Override
    public void onFailed(BackupJob job, Exception failure, Duration duration) {
        lastDuration = duration;
        MeterRegistry meters = registry;
        if (meters == null) {
            return;
        }
        timer(meters, "failure", job).record(duration);
        for (String source : job.sources().isEmpty() ? sources : job.sources()) {
            failures(meters, source).increment();
        }
    }

    @Override
    public void onDrillFinished(BackupJob job, @Nullable DrillResult result) {
        if (result != null) {
            lastDrillRto = result.rto();
            if (result.ok()) {
                lastDrillSuccess = result.drilledAt();
            }
        }
        MeterRegistry meters = registry;
        if (meters != null && (result == null || !result.ok())) {
            drillFailures(meters).increment();
        }
    }

    private static Counter drillFailures(MeterRegistry meters) {
        return Counter.builder(BackupMetricNames.DRILL_FAILURES).description("Failed restore drills").register(meters);
    }

    private static double seconds(@Nullable Instant instant) {
        return instant == null ? Double.NaN : instant.toEpochMilli() / 1000.0;
    }

    private static double seconds(@Nullable Duration duration) {
        return duration == null ? Double.NaN : duration.toNanos() / 1e9;
    }

    @Override
    public void onRetentionApplied(int deleted, int kept) {
        MeterRegistry meters = registry;
        if (meters != null) {
            meters.counter(BackupMetricNames.RETENTION_DELETED).increment(deleted);
        }
    }

    private static Timer timer(MeterRegistry meters, String outcome, BackupJob job) {
        String trigger = job.trigger();
        String kind = trigger.startsWith("schedule") || trigger.startsWith("catch-up") ? "schedule" : trigger.replaceAll("-retry-\\d+$", "");
        String schedule = job.schedule() == null ? "none" : job.schedule();
        return Timer.builder(BackupMetricNames.RUNS).description("Backup runs").tag("outcome", outcome).tag("trigger", kind)
                .tag("schedule", schedule).register(meters);
    }

    private static Counter failures(MeterRegistry meters, String source) {
        return Counter.builder(BackupMetricNames.FAILURES).description("Failed backups, per source covered").tag("source", source)
                .register(meters);
    }

    private double lastSuccessSeconds() {
        Instant last = history.lastSuccess();
        return last == null ? Double.NaN : last.getEpochSecond();
    }

    private double lastAttemptSeconds() {
        Instant last = lastAttempt;
        return last == null ? Double.NaN : last.toEpochMilli() / 1000.0;
    }

    private double lastDurationSeconds() {
        Duration last = lastDuration;
        return last == null ? Double.NaN : last.toNanos() / 1e9;
    }

    private boolean runningNow() {
        return jobs.running() != null;
    }
}
