package io.github.embeddedbackup.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.embeddedbackup.core.BackupDestination;
import io.github.embeddedbackup.core.BackupOptions;
import io.github.embeddedbackup.core.plan.BackupPlan;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.source.ArchiveSink;
import io.github.embeddedbackup.core.source.BackupSource;
import io.github.embeddedbackup.core.source.SourceDetails;
import io.github.embeddedbackup.core.storage.FilesystemBackupStorage;
import io.github.embeddedbackup.core.testing.FlakySource;
import io.github.embeddedbackup.core.testing.GeneratedSource;
import io.github.embeddedbackup.runtime.BackupHistory;
import io.github.embeddedbackup.runtime.BackupJob;
import io.github.embeddedbackup.runtime.BackupService;
import io.github.embeddedbackup.runtime.JobRunner;
import io.github.embeddedbackup.runtime.StorageUsage;
import io.github.embeddedbackup.storage.s3.S3BackupStorage;
import io.github.embeddedbackup.storage.s3.S3StorageOptions;
import io.github.embeddedbackup.storage.s3.S3TestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** The meters read the history, the job runner and the storage usage, made before the service, and hear runs as its listener. */
class BackupMetricsTests {

    @TempDir
    Path dir;

    final JobRunner jobs = new JobRunner();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void aBackupShowsInTheMetersWithoutTheServiceBeingLookedUp() throws Exception {
        BackupPlan plan = plan(List.of(new GeneratedSource("gen", 10_000)), folder("primary", dir.resolve("backups")));
        BackupHistory history = new BackupHistory(plan.repository(), Clock.systemUTC());
        StorageUsage usage = new StorageUsage(plan, Clock.systemUTC());
        BackupMetrics metrics = new BackupMetrics(history, jobs, usage, List.of("gen"));
        metrics.bindTo(registry);
        assertThat(registry.get(BackupMetricNames.LAST_SUCCESS).timeGauge().value()).as("no backup yet").isNaN();
        assertThat(registry.get(BackupMetricNames.LAST_ATTEMPT).timeGauge().value()).as("no backup yet").isNaN();
        assertThat(registry.get(BackupMetricNames.LAST_DURATION).timeGauge().value()).as("no backup yet").isNaN();
        assertThat(registry.get(BackupMetricNames.LAST_SIZE).gauge().value()).as("no backup yet").isNaN();
        assertThat(registry.get(BackupMetricNames.RUNNING).gauge().value()).isZero();
        assertThat(registry.get(BackupMetricNames.FAILURES).tag("source", "gen").counter().count()).as("there from the start").isZero();

        BackupJob job = run(new BackupService(plan, jobs, history, List.of(metrics, usage), Clock.systemUTC()).trigger("api"));

        assertThat(job.state()).isEqualTo(BackupJob.State.SUCCEEDED);
        assertThat(registry.get(BackupMetricNames.RUNS).tag("outcome", "success").tag("trigger", "api").timer().count()).isEqualTo(1);
        assertThat(registry.get(BackupMetricNames.LAST_SUCCESS).timeGauge().value(TimeUnit.SECONDS))
                .isEqualTo((double) plan.repository().get(job.backupId()).startedAt().getEpochSecond());
        assertThat(registry.get(BackupMetricNames.RUNNING).gauge().value()).isZero();
        Path archive = dir.resolve("backups").resolve(plan.repository().get(job.backupId()).archive().key());
        assertThat(registry.get(BackupMetricNames.LAST_SIZE).gauge().value()).isEqualTo((double) Files.size(archive));
        assertAttemptAndDuration(job);
        assertThat(registry.get(BackupMetricNames.FAILURES).counter().count()).isZero();
    }

    @Test
    void aFailedBackupCountsAFailureForEachSourceItCovered() throws Exception {
        BackupPlan plan = plan(List.of(new FlakySource("app", Integer.MAX_VALUE), new GeneratedSource("files", 10_000)), folder("primary", dir.resolve("backups")));
        BackupHistory history = new BackupHistory(plan.repository(), Clock.systemUTC());
        BackupMetrics metrics = new BackupMetrics(history, jobs, null, List.of("app", "files"));
        metrics.bindTo(registry);
        BackupService service = new BackupService(plan, jobs, history, List.of(metrics), Clock.systemUTC());

        BackupJob all = run(service.trigger("schedule"));

        assertThat(all.state()).isEqualTo(BackupJob.State.FAILED);
        assertThat(registry.get(BackupMetricNames.FAILURES).tag("source", "app").counter().count()).isEqualTo(1);
        assertThat(registry.get(BackupMetricNames.FAILURES).tag("source", "files").counter().count()).isEqualTo(1);
        assertAttemptAndDuration(all);
        assertThat(registry.get(BackupMetricNames.LAST_SIZE).gauge().value()).as("no successful backup").isNaN();

        BackupJob one = run(service.trigger("api", List.of("app"), Map.of()));

        assertThat(one.state()).isEqualTo(BackupJob.State.FAILED);
        assertThat(registry.get(BackupMetricNames.FAILURES).tag("source", "app").counter().count()).isEqualTo(2);
        assertThat(registry.get(BackupMetricNames.FAILURES).tag("source", "files").counter().count()).as("not covered").isEqualTo(1);
        assertThat(registry.get(BackupMetricNames.RUNS).tag("outcome", "failure").timers()).hasSize(2);
        assertAttemptAndDuration(one);
    }

    @Test
    void eachDestinationShowsTheBytesOfItsBackupsAndAFolderItsFreeSpace() throws Exception {
        try (S3TestServer server = new S3TestServer(); S3Client client = server.client()) {
            server.createBucket("offsite");
            Path folder = dir.resolve("backups");
            BackupPlan plan = plan(List.of(new GeneratedSource("gen", 200_000)), folder("primary", folder),
                    new BackupPlan.Destination(new BackupDestination("offsite", new BackupRepository(new S3BackupStorage(client, "offsite", "app/",
                            S3StorageOptions.defaults())), true), null));
            BackupHistory history = new BackupHistory(plan.repository(), Clock.systemUTC());
            StorageUsage usage = new StorageUsage(plan, Clock.systemUTC());
            new BackupMetrics(history, jobs, usage, List.of("gen")).bindTo(registry);
            BackupService service = new BackupService(plan, jobs, history, List.of(usage), Clock.systemUTC());
            assertThat(registry.get(BackupMetricNames.STORAGE_USED).tag("destination", "primary").gauge().value()).isZero();

            run(service.trigger("api"));
            run(service.trigger("api"));

            double used = registry.get(BackupMetricNames.STORAGE_USED).tag("destination", "primary").gauge().value();
            assertThat(used).isEqualTo((double) sizeOfFiles(folder)).isGreaterThan(2 * 1000);
            assertThat(registry.get(BackupMetricNames.STORAGE_USED).tag("destination", "offsite").gauge().value())
                    .as("the same archives and manifests in S3").isEqualTo(used);
            assertThat(registry.get(BackupMetricNames.STORAGE_BACKUPS).tag("destination", "primary").gauge().value()).isEqualTo(2);
            double free = registry.get(BackupMetricNames.STORAGE_FREE).tag("destination", "primary").gauge().value();
            assertThat(free).isPositive().isCloseTo((double) Files.getFileStore(dir).getUsableSpace(), within(256.0 * (1 << 20)));
            assertThat(registry.find(BackupMetricNames.STORAGE_FREE).tag("destination", "offsite").gauge())
                    .as("an object store has no free space").isNull();
        }
    }

    private void assertAttemptAndDuration(BackupJob job) {
        assertThat(registry.get(BackupMetricNames.LAST_ATTEMPT).timeGauge().value(TimeUnit.MILLISECONDS))
                .isEqualTo((double) job.startedAt().toEpochMilli());
        double seconds = registry.get(BackupMetricNames.LAST_DURATION).timeGauge().value(TimeUnit.SECONDS);
        assertThat(seconds).isPositive().isLessThanOrEqualTo(Duration.between(job.startedAt(), job.finishedAt()).toNanos() / 1e9);
    }

    private static BackupJob run(BackupJob job) throws Exception {
        return job.completion().get(30, TimeUnit.SECONDS);
    }

    private static BackupPlan plan(List<BackupSource> sources, BackupPlan.Destination... destinations) {
        return new BackupPlan(sources, List.of(destinations), BackupOptions.defaults(), Map.of());
    }

    private static BackupPlan.Destination folder(String name, Path folder) {
        return new BackupPlan.Destination(new BackupDestination(name, new BackupRepository(new FilesystemBackupStorage(folder)), true), null);
    }


    /** The bytes of every visible file in the folder, as the file system reports them. */
    private static long sizeOfFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).filter(file -> !file.getFileName().toString().startsWith("."))
                    .mapToLong(file -> file.toFile().length()).sum();
        }
    }
}
