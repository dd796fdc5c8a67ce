package io.github.embeddedbackup.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.testing.PgTestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Pointing spring.datasource at PostgreSQL makes the same app back up that database; the CLI restores it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SamplePostgresIT {

    static final Path DIR = SampleApplicationIT.createTempDir();
    static String database;
    static String copy;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        PgTestServer.require();
        database = PgTestServer.createAwkwardDatabase("bt_sample");
        copy = "bt_sample_copy_" + Long.toHexString(System.nanoTime());
        registry.add("spring.datasource.url", () -> PgTestServer.jdbcUrl(database));
        registry.add("backup.storage.local.path", () -> DIR.resolve("backups").toString());
        registry.add("backup.catch-up", () -> "false");
        registry.add("management.endpoint.backup.access", () -> "unrestricted");
    }

    @AfterAll
    static void drop() {
        if (database != null) {
            PgTestServer.dropDatabase(database);
            PgTestServer.dropDatabase(copy);
        }
    }

    @LocalServerPort
    int port;

    @Test
    void backsUpThePostgresDataSourceAndTheCliRestoresIt() throws Exception {
        Http http = new Http(port);
        assertThat(http.post("/notes", "{\"body\":\"stored in PostgreSQL\"}").statusCode()).isEqualTo(201);

        String job = http.backupNow();

        assertThat(Http.field(job, "status")).as(job).isEqualTo("succeeded");
        assertThat(http.get("/actuator/backup").body()).contains("postgresql");
        Http.cli("restore", "--storage", "file:" + DIR.resolve("backups"), Http.field(job, "backupId"), "--target",
                PgTestServer.jdbcUrl(copy), "--create");
        assertThat(PgTestServer.dataFingerprint(copy)).isEqualTo(PgTestServer.dataFingerprint(database));
        assertThat(PgTestServer.schemaDump(copy)).isEqualTo(PgTestServer.schemaDump(database));
        assertThat(PgTestServer.query(copy, "select body from note")).containsExactly("stored in PostgreSQL");
    }
}
