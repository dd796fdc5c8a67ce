package io.github.embeddedbackup.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.drill.DrillResult;
import io.github.embeddedbackup.core.testing.PgTestServer;
import io.github.embeddedbackup.runtime.BackupDrillService;
import io.github.embeddedbackup.runtime.BackupJob;
import io.github.embeddedbackup.runtime.BackupService;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** A drill of a PostgreSQL source restores into a new database on backup.drill.scratch-url; without one it says what to set. */
class BackupDrillPostgresTests {

    @TempDir
    Path dir;

    String database;

    @BeforeEach
    void createDatabase() {
        PgTestServer.require();
        database = PgTestServer.createDatabase("drill_src");
        PgTestServer.execute(database, "create table orders (id int primary key, item text); insert into orders select g, 'item ' || g "
                + "from generate_series(1, 25) g");
    }

    @AfterEach
    void dropDatabase() {
        if (database != null) {
            PgTestServer.dropDatabase(database);
        }
    }

    ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(BackupAutoConfiguration.class))
                .withPropertyValues("backup.sources.orders.url=" + PgTestServer.jdbcUrl(database), "backup.storage.local.path=" + dir,
                        "backup.catch-up=false", "backup.schedule=");
    }

    @Test
    void aPostgresSourceIsDrilledInANewDatabaseOnTheScratchServer() {
        runner().withPropertyValues("backup.drill.scratch-url=" + PgTestServer.jdbcUrl("postgres"),
                "backup.drill.username=" + PgTestServer.admin().user()).run(context -> {
                    assertThat(context).hasNotFailed();
                    BackupService service = context.getBean(BackupService.class);
                    String backupId = service.trigger("test").completion().get(60, TimeUnit.SECONDS).backupId();
                    BackupDrillService drills = context.getBean(BackupDrillService.class);

                    BackupJob job = drills.drill("latest", "api").completion().get(120, TimeUnit.SECONDS);

                    assertThat(job.state()).as(String.valueOf(job.error())).isEqualTo(BackupJob.State.SUCCEEDED);
                    DrillResult result = drills.lastResult();
                    assertThat(result.backupId()).isEqualTo(backupId);
                    assertThat(result.checks()).anySatisfy(check -> assertThat(check.detail()).contains("25 rows"));
                });
    }

    @Test
    void withoutAScratchUrlTheDrillFailsSayingWhatToGive() {
        runner().run(context -> {
            assertThat(context).hasNotFailed();
            context.getBean(BackupService.class).trigger("test").completion().get(60, TimeUnit.SECONDS);

            BackupJob job = context.getBean(BackupDrillService.class).drill("latest", "api").completion().get(60, TimeUnit.SECONDS);

            assertThat(job.state()).isEqualTo(BackupJob.State.FAILED);
            assertThat(job.error()).contains("orders (postgresql)", "backup.drill.scratch-url");
            assertThat(context.getBean(BackupDrillService.class).lastResult()).as("the drill could not run").isNull();
        });
    }
}
