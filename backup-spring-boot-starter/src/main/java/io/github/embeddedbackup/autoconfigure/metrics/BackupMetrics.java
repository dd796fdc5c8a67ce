package io.github.embeddedbackup.autoconfigure.metrics;

import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.runtime.BackupHistory;
import io.github.embeddedbackup.runtime.BackupJob;
import io.github.embeddedbackup.runtime.BackupRunListener;
import io.github.embeddedbackup.runtime.JobRunner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Turns backup runs into Micrometer meters. Bound by Spring Boot to every registry. Told about runs as a
 * listener of the backup service; reads the gauges from the history and the job runner, which exist
 * before the service.
 */
public class BackupMetrics implements MeterBinder, BackupRunListener {

    private final BackupHistory history;
    private final JobRunner jobs;
    private volatile @Nullable MeterRegistry registry;

    public BackupMetrics(BackupHistory history, JobRunner jobs) {
        this.history = history;
        this.jobs = jobs;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        TimeGauge.builder(BackupMetricNames.LAST_SUCCESS, this, TimeUnit.SECONDS, BackupMetrics::lastSuccessSeconds)
                .description("Start of the newest complete backup, since the epoch").register(registry);
        Gauge.builder(BackupMetricNames.RUNNING, this, metrics -> metrics.runningNow() ? 1 : 0)
                .description("Whether a backup is running").register(registry);
        Counter.builder(BackupMetricNames.RETENTION_DELETED).description("Backups deleted by retention").register(registry);
    }

    @Override
    public void onSucceeded(BackupJob job, Manifest manifest, Duration duration) {
        MeterRegistry meters = registry;
        if (meters == null) {
            return;
        }
        timer(meters, "success", job.trigger()).record(duration);
        DistributionSummary.builder(BackupMetricNames.SIZE).baseUnit("bytes").description("Stored size of each backup")
                .register(meters).record(manifest.archive().size());
    }

    @Override
    public void onFailed(BackupJob job, Exception failure, Duration duration) {
        MeterRegistry meters = registry;
        if (meters != null) {
            timer(meters, "failure", job.trigger()).record(duration);
        }
    }

    @Override
    public void onRetentionApplied(int deleted, int kept) {
        MeterRegistry meters = registry;
        if (meters != null) {
            meters.counter(BackupMetricNames.RETENTION_DELETED).increment(deleted);
        }
    }

    private static Timer timer(MeterRegistry meters, String outcome, String trigger) {
        String kind = trigger.startsWith("schedule") || trigger.startsWith("catch-up") ? "schedule" : trigger.replaceAll("-retry-\\d+$", "");
        return Timer.builder(BackupMetricNames.RUNS).description("Backup runs").tag("outcome", outcome).tag("trigger", kind).register(meters);
    }

    private double lastSuccessSeconds() {
        Instant last = history.lastSuccess();
        return last == null ? Double.NaN : last.getEpochSecond();
    }

    private boolean runningNow() {
        return jobs.running() != null;
    }
}
