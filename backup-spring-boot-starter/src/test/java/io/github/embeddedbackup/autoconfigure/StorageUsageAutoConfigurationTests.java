package io.github.embeddedbackup.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.autoconfigure.metrics.BackupMetricNames;
import io.github.embeddedbackup.autoconfigure.metrics.BackupMetrics;
import io.github.embeddedbackup.autoconfigure.metrics.BackupMetricsAutoConfiguration;
import io.github.embeddedbackup.runtime.BackupJob;
import io.github.embeddedbackup.runtime.BackupService;
import io.github.embeddedbackup.runtime.StorageUsage;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The storage usage exists with or without Micrometer, hears every backup, and feeds the storage meters. */
class StorageUsageAutoConfigurationTests {

    @TempDir
    Path dir;

    ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, BackupAutoConfiguration.class,
                        StorageUsageAutoConfiguration.class, BackupMetricsAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=jdbc:sqlite:" + dir.resolve("app.db"),
                        "backup.storage.local.path=" + dir.resolve("backups"), "backup.catch-up=false");
    }

    @Test
    void aBackupIsMeasuredAndShowsInTheStorageMetersOfThePrimaryFolder() throws Exception {
        try (var connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("app.db"));
                var statement = connection.createStatement()) {
            statement.execute("create table t (x int)");
        }
        runner().run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(StorageUsage.class).hasSingleBean(BackupMetrics.class);
            StorageUsage usage = context.getBean(StorageUsage.class);
            assertThat(usage.current()).singleElement().satisfies(primary -> assertThat(primary.backups()).isZero());
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(BackupMetrics.class).bindTo(registry);

            BackupJob job = context.getBean(BackupService.class).trigger("test").completion().get(30, TimeUnit.SECONDS);

            assertThat(job.state()).as(String.valueOf(job.error())).isEqualTo(BackupJob.State.SUCCEEDED);
            assertThat(usage.current()).as("measured again by the backup, as a listener").singleElement()
                    .satisfies(primary -> assertThat(primary.backups()).isEqualTo(1));
            assertThat(registry.get(BackupMetricNames.STORAGE_USED).tag("destination", "primary").gauge().value())
                    .isEqualTo((double) (Files.size(dir.resolve("backups/manifests/" + job.backupId() + ".json"))
                            + Files.size(dir.resolve("backups").resolve(context.getBean(BackupService.class).repository().get(job.backupId())
                                    .archive().key()))));
            assertThat(registry.get(BackupMetricNames.STORAGE_FREE).tag("destination", "primary").gauge().value()).isPositive();
            assertThat(registry.get(BackupMetricNames.FAILURES).tag("source", "main").counter().count())
                    .as("one series per source of the plan, from the start").isZero();
        });
    }

    @Test
    void withoutMicrometerTheStorageUsageIsStillThere() {
        runner().withClassLoader(new FilteredClassLoader(MeterBinder.class)).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(StorageUsage.class).doesNotHaveBean(BackupMetrics.class);
        });
    }

    @Test
    void disabledMeansNoStorageUsage() {
        runner().withPropertyValues("backup.enabled=false").run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(StorageUsage.class));
    }
}
