package io.github.embeddedbackup.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.BackupDestination;
import io.github.embeddedbackup.core.BackupOptions;
import io.github.embeddedbackup.core.plan.BackupPlan;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.storage.FilesystemBackupStorage;
import io.github.embeddedbackup.core.testing.GeneratedSource;
import io.github.embeddedbackup.runtime.BackupHistory;
import io.github.embeddedbackup.runtime.BackupJob;
import io.github.embeddedbackup.runtime.BackupService;
import io.github.embeddedbackup.runtime.JobRunner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The meters read the history and the job runner, made before the service, and hear runs as its listener. */
class BackupMetricsTests {

    @TempDir
    Path dir;

    @Test
    void aBackupShowsInTheMetersWithoutTheServiceBeingLookedUp() throws Exception {
        BackupRepository repository = new BackupRepository(new FilesystemBackupStorage(dir));
        JobRunner jobs = new JobRunner();
        BackupHistory history = new BackupHistory(repository, Clock.systemUTC());
        BackupMetrics metrics = new BackupMetrics(history, jobs);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        metrics.bindTo(registry);
        assertThat(registry.get(BackupMetricNames.LAST_SUCCESS).timeGauge().value()).as("no backup yet").isNaN();
        assertThat(registry.get(BackupMetricNames.RUNNING).gauge().value()).isZero();

        BackupService service = new BackupService(new BackupPlan(List.of(new GeneratedSource("gen", 10_000)), List.of(
                new BackupPlan.Destination(new BackupDestination("primary", repository, true), null)), BackupOptions.defaults(), Map.of()),
                jobs, history, List.of(metrics), Clock.systemUTC());
        BackupJob job = service.trigger("api").completion().get(30, TimeUnit.SECONDS);

        assertThat(job.state()).isEqualTo(BackupJob.State.SUCCEEDED);
        assertThat(registry.get(BackupMetricNames.RUNS).tag("outcome", "success").tag("trigger", "api").timer().count()).isEqualTo(1);
        assertThat(registry.get(BackupMetricNames.LAST_SUCCESS).timeGauge().value(TimeUnit.SECONDS))
                .isEqualTo((double) repository.get(job.backupId()).startedAt().getEpochSecond());
        assertThat(registry.get(BackupMetricNames.RUNNING).gauge().value()).isZero();
    }
}
