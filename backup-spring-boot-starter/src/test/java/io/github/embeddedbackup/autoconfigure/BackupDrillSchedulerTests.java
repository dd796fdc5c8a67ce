package io.github.embeddedbackup.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.autoconfigure.properties.BackupProperties;
import io.github.embeddedbackup.core.drill.DrillRecords;
import io.github.embeddedbackup.runtime.BackupDrillService;
import io.github.embeddedbackup.runtime.BackupJob;
import io.github.embeddedbackup.runtime.BackupService;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** backup.drill.*: a cron drills the latest backup by itself; a bad cron stops the start naming the property. */
class BackupDrillSchedulerTests {

    @TempDir
    Path dir;

    ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, BackupAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=jdbc:sqlite:" + dir.resolve("app.db"),
                        "backup.storage.local.path=" + dir.resolve("backups"), "backup.catch-up=false", "backup.schedule=");
    }

    @Test
    void aDrillCronOfEveryTwoSecondsDrillsTheLatestBackupByItself() throws Exception {
        try (var conn = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("app.db")); var statement = conn.createStatement()) {
            statement.execute("create table orders (id int)");
            statement.execute("insert into orders values (1), (2), (3)");
        }
        runner().withPropertyValues("backup.drill.cron=*/2 * * * * *").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(BackupDrillScheduler.class);
            BackupService service = context.getBean(BackupService.class);
            String backupId = service.trigger("test").completion().get(30, TimeUnit.SECONDS).backupId();
            DrillRecords records = new DrillRecords(service.repository().storage());
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (records.lastDrill(backupId).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(records.lastDrill(backupId)).as("a drill record within 20 s").hasValueSatisfying(record -> {
                assertThat(record.ok()).as(record.checks().toString()).isTrue();
                assertThat(record.checks()).anySatisfy(check -> assertThat(check.detail()).contains("3 rows"));
            });
            assertThat(service.jobs().recentJobs()).anySatisfy(job -> {
                assertThat(job.type()).isEqualTo(BackupJob.Type.DRILL);
                assertThat(job.trigger()).isEqualTo("schedule");
            });
            assertThat(context.getBean(BackupDrillService.class).lastResult()).isNotNull();
        });
    }

    @Test
    void noDrillCronMeansNoScheduledDrill() {
        runner().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(BackupProperties.class).drill().cron()).isEmpty();
            assertThat(context.getBean(BackupProperties.class).drill().sources()).isEmpty();
            assertThat(context.getBean(BackupDrillScheduler.class).isRunning()).isTrue();
        });
    }

    @Test
    void anInvalidDrillCronStopsTheStartNamingTheProperty() {
        runner().withPropertyValues("backup.drill.cron=every sunday").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("backup.drill.cron")
                    .hasMessageContaining("'every sunday' is not a valid Spring cron expression");
        });
    }
}
