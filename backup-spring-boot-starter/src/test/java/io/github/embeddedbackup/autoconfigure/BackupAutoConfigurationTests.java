package io.github.embeddedbackup.autoconfigure;

import io.github.embeddedbackup.autoconfigure.properties.BackupProperties;
import io.github.embeddedbackup.autoconfigure.properties.BackupPropertyException;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.autoconfigure.actuate.BackupEndpoint;
import io.github.embeddedbackup.autoconfigure.actuate.BackupEndpointAutoConfiguration;
import io.github.embeddedbackup.autoconfigure.actuate.BackupHealthAutoConfiguration;
import io.github.embeddedbackup.autoconfigure.actuate.BackupHealthIndicator;
import io.github.embeddedbackup.autoconfigure.metrics.BackupMetrics;
import io.github.embeddedbackup.autoconfigure.metrics.BackupMetricsAutoConfiguration;
import io.github.embeddedbackup.core.BackupOptions;
import io.github.embeddedbackup.core.codec.GzipCompressor;
import io.github.embeddedbackup.core.source.postgres.PgDumpSource;
import io.github.embeddedbackup.core.source.sqlite.SqliteSource;
import io.github.embeddedbackup.core.storage.BackupStorage;
import io.github.embeddedbackup.core.storage.FilesystemBackupStorage;
import io.github.embeddedbackup.runtime.BackupHistory;
import io.github.embeddedbackup.runtime.BackupService;
import io.github.embeddedbackup.runtime.JobRunner;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class BackupAutoConfigurationTests {

    @TempDir
    Path dir;

    ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, BackupAutoConfiguration.class,
                        BackupHealthAutoConfiguration.class, BackupEndpointAutoConfiguration.class, BackupMetricsAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=jdbc:sqlite:" + dir.resolve("app.db"),
                        "backup.storage.local.path=" + dir.resolve("backups"), "backup.catch-up=false",
                        "management.endpoints.web.exposure.include=backup");
    }

    @Test
    void zeroConfigurationBacksUpTheDataSourceDailyIntoALocalFolder() {
        runner().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(BackupService.class).hasSingleBean(BackupScheduler.class)
                    .hasSingleBean(BackupHealthIndicator.class).hasSingleBean(BackupEndpoint.class).hasSingleBean(BackupMetrics.class)
                    .hasSingleBean(JobRunner.class).hasSingleBean(BackupHistory.class);
            BackupService service = context.getBean(BackupService.class);
            assertThat(service.jobs()).as("the one job runner").isSameAs(context.getBean(JobRunner.class));
            assertThat(service.history()).as("what health and metrics read").isSameAs(context.getBean(BackupHistory.class));
            assertThat(service.sources()).singleElement().isInstanceOfSatisfying(SqliteSource.class,
                    source -> assertThat(source.name()).isEqualTo("main"));
            assertThat(service.repository().storage().describe()).isEqualTo("file:" + dir.resolve("backups"));
            BackupProperties properties = context.getBean(BackupProperties.class);
            assertThat(properties.schedule()).isEqualTo("0 0 2 * * *");
            assertThat(properties.health().maxAge()).hasHours(25);
            assertThat(context.getBean(BackupScheduler.class).nextRun()).isNotNull();
        });
    }

    @Test
    void backsUpOnScheduleAndPublishesEvents() throws Exception {
        try (var conn = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("app.db")); var statement = conn.createStatement()) {
            statement.execute("create table t (x int)");
        }
        runner().withPropertyValues("backup.schedule=* * * * * *").withUserConfiguration(EventCollector.class).run(context -> {
            assertThat(context).hasNotFailed();
            BackupService service = context.getBean(BackupService.class);
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (service.repository().list().backups().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(service.repository().list().backups()).isNotEmpty()
                    .allSatisfy(manifest -> assertThat(manifest.labels()).containsEntry("trigger", "schedule"));
            EventCollector events = context.getBean(EventCollector.class);
            while (events.succeeded == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(events.started).isPositive();
            assertThat(events.succeeded).isPositive();
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class EventCollector {
        volatile int started;
        volatile int succeeded;

        @org.springframework.context.event.EventListener
        void on(BackupEvent event) {
            if (event instanceof BackupEvent.Started) {
                started++;
            } else if (event instanceof BackupEvent.Succeeded) {
                succeeded++;
            }
        }
    }

    @Test
    void propertyDefaultsAreTheCoreDefaults() {
        BackupProperties properties = BackupProperties.defaults();
        BackupOptions core = BackupOptions.defaults();
        assertThat(properties.compression().partSize().toBytes()).isEqualTo(core.partSize());
        assertThat(properties.compression().type()).isEqualTo(core.compressor().id());
        assertThat(BackupAutoConfiguration.compressor(properties.compression())).hasToString(core.compressor().toString());
    }

    @Test
    void disabledMeansNoBeans() {
        runner().withPropertyValues("backup.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(BackupService.class).doesNotHaveBean(BackupScheduler.class)
                    .doesNotHaveBean(BackupHealthIndicator.class).doesNotHaveBean(BackupMetrics.class)
                    .doesNotHaveBean(JobRunner.class).doesNotHaveBean(BackupHistory.class);
        });
    }

    @Test
    void theApplicationsOwnBeanWins() {
        runner().withUserConfiguration(OwnStorage.class).run(context -> {
            assertThat(context).hasSingleBean(BackupStorage.class);
            assertThat(context.getBean(BackupStorage.class).describe()).endsWith("own-storage");
            assertThat(context.getBean(BackupService.class).repository().storage().describe()).endsWith("own-storage");
        });
    }

    @Test
    void startsWithoutActuatorOrMicrometer() {
        runner().withClassLoader(new FilteredClassLoader(AbstractHealthIndicator.class, MeterBinder.class,
                        org.springframework.boot.actuate.endpoint.annotation.Endpoint.class))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(BackupService.class).doesNotHaveBean(BackupHealthIndicator.class)
                            .doesNotHaveBean(BackupMetrics.class).doesNotHaveBean(BackupEndpoint.class);
                });
    }

    @Test
    void namedSourcesSettingsAndCompressionAreProperties() throws Exception {
        Files.createDirectories(dir.resolve("uploads"));
        runner().withPropertyValues("backup.sources.uploads.path=" + dir.resolve("uploads"),
                        "backup.sources.orders.url=jdbc:postgresql://localhost:5432/orders", "backup.sources.orders.username=app",
                        "backup.compression.type=gzip", "backup.compression.level=9", "backup.retention.keep-daily=7")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(BackupService.class).sources()).extracting(s -> s.name() + ":" + s.type())
                            .containsExactly("main:sqlite", "uploads:files", "orders:postgresql");
                    assertThat(context.getBean(BackupService.class).sources().get(2)).isInstanceOf(PgDumpSource.class);
                    assertThat(context.getBean(BackupOptions.class).compressor()).isInstanceOfSatisfying(GzipCompressor.class,
                            gzip -> assertThat(gzip.level()).isEqualTo(9));
                });
    }

    @Test
    void anInvalidCronNamesTheProperty() {
        runner().withPropertyValues("backup.schedule=every night").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("'every night' is not a valid Spring cron expression");
            assertThat(allMessages(context.getStartupFailure())).contains("backup.schedule");
        });
    }

    @Test
    void aMissingPgDumpNamesThePropertyAndTheFix() {
        runner().withPropertyValues("backup.sources.orders.url=" + io.github.embeddedbackup.core.testing.PgTestServer.URL,
                        "backup.sources.orders.pg-dump-path=/nonexistent/pg_dump")
                .run(context -> {
                    io.github.embeddedbackup.core.testing.PgTestServer.require();
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("backup.sources.orders.pg-dump-path").contains("pg_dump was not found");
                    assertThat(analysis.getAction()).contains("backup.sources.orders.pg-dump-path");
                });
    }

    @Test
    void encryptionWithAnEmptyPassphraseStopsStartUp() {
        runner().withPropertyValues("backup.encryption.passphrase=").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("backup.encryption.passphrase").contains("empty");
            assertThat(analysis.getAction()).contains("environment variable");
        });
        runner().withPropertyValues("backup.encryption.key-files=" + dir.resolve("missing.key")).run(context -> {
            assertThat(context).hasFailed();
            assertThat(analyze(context.getStartupFailure()).getDescription()).contains("backup.encryption").contains("does not exist");
        });
    }

    @Test
    void anUnwritableFolderNamesTheProperty() throws Exception {
        Files.writeString(dir.resolve("blocker"), "a file where the folder should be");
        runner().withPropertyValues("backup.storage.local.path=" + dir.resolve("blocker/backups")).run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("backup.storage.local.path").contains("in the way");
        });
    }

    private static FailureAnalysis analyze(Throwable failure) {
        Throwable cause = failure;
        while (cause != null && !(cause instanceof BackupPropertyException)) {
            cause = cause.getCause();
        }
        assertThat(cause).as("a BackupPropertyException in " + failure).isNotNull();
        return new BackupFailureAnalyzer().analyze(failure);
    }

    private static String allMessages(Throwable failure) {
        StringBuilder messages = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            messages.append(cause.getMessage()).append('\n');
        }
        return messages.toString();
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnStorage {
        @Bean
        BackupStorage myStorage() {
            return new FilesystemBackupStorage(Path.of(System.getProperty("java.io.tmpdir"), "own-storage"));
        }
    }
}
