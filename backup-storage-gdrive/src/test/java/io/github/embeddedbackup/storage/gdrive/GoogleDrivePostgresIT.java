package io.github.embeddedbackup.storage.gdrive;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.BackupProgressListener;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.plan.BackupPlan;
import io.github.embeddedbackup.core.plan.BackupPlanBuilder;
import io.github.embeddedbackup.core.plan.PlanRunner;
import io.github.embeddedbackup.core.restore.BackupRestorer;
import io.github.embeddedbackup.core.source.RestoreOptions;
import io.github.embeddedbackup.core.source.SourceSettings;
import io.github.embeddedbackup.core.source.postgres.PgRestoreTarget;
import io.github.embeddedbackup.core.storage.SharedClients;
import io.github.embeddedbackup.core.testing.PgTestServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A PostgreSQL database backed up into a Drive folder through the plan and runner, restored into a new database: rows equal. */
class GoogleDrivePostgresIT {

    String original;
    String copy;

    @AfterEach
    void drop() {
        if (original != null) {
            PgTestServer.dropDatabase(original);
        }
        if (copy != null) {
            PgTestServer.dropDatabase(copy);
        }
    }

    @Test
    void aDatabaseGoesThroughDriveAndComesBackEqual() throws Exception {
        PgTestServer.require();
        original = PgTestServer.createDatabase("bt_gdrive");
        PgTestServer.execute(original, "create table orders (id int primary key, note text, paid numeric(10,2));"
                + "insert into orders select i, 'order ' || i || ' ü', i * 1.5 from generate_series(1, 20000) i");
        Map<String, String> before = PgTestServer.dataFingerprint(original);

        try (FakeDriveServer server = FakeDriveServer.start()) {
            String folder = server.createFolder("backups");
            Map<String, String> settings = new HashMap<>(server.settings(folder));
            settings.put("prefix", "team/app");
            settings.put("chunk-size", "256KB");
            BackupPlanBuilder builder = BackupPlanBuilder.installed();
            builder.source(null, PgTestServer.jdbcUrl(original), SourceSettings.none());
            BackupPlan plan = builder.destination("primary", builder.storage("gdrive", settings, SharedClients.none()), true, null).build();

            Manifest manifest = new PlanRunner(plan).backup(plan.sources(), Map.of("trigger", "test"), BackupProgressListener.NONE);

            assertThat(plan.repository().list().backups()).extracting(Manifest::id).containsExactly(manifest.id());
            assertThat(server.fileNames(folder)).as("flat names, nothing staged left")
                    .containsExactlyInAnyOrder("team/app/archives/" + manifest.id() + ".tar.zst", "team/app/manifests/" + manifest.id() + ".json");

            copy = "bt_gdrive_copy_" + Long.toHexString(System.nanoTime());
            new BackupRestorer(plan.repository()).restore(manifest.id(), null, new PgRestoreTarget(PgTestServer.info(copy)),
                    new RestoreOptions(true, false, 1, List.of(), false));
        }
        assertThat(PgTestServer.dataFingerprint(copy)).isEqualTo(before);
        assertThat(PgTestServer.query(copy, "select count(*) from orders")).containsExactly("20000");
    }
}
