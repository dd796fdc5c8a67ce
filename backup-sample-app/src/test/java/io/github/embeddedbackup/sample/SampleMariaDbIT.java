package io.github.embeddedbackup.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.testing.MysqlAwkwardSeed;
import io.github.embeddedbackup.core.testing.MysqlTestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Pointing spring.datasource at MariaDB makes the same app back up that database — the starter has no
 * code for it, only core's provider on the class path — and the CLI restores it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleMariaDbIT {

    static final Path DIR = SampleApplicationIT.createTempDir();
    static String database;
    static String copy;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        MysqlTestServer.require();
        database = MysqlTestServer.createDatabase("bt_sample_my");
        MysqlTestServer.execute(database, MysqlAwkwardSeed.statements().toArray(String[]::new));
        copy = MysqlTestServer.newName("bt_sample_my_copy");
        registry.add("spring.datasource.url", () -> MysqlTestServer.jdbcUrl(database));
        registry.add("backup.storage.local.path", () -> DIR.resolve("backups").toString());
        registry.add("backup.catch-up", () -> "false");
        registry.add("management.endpoint.backup.access", () -> "unrestricted");
    }

    @AfterAll
    static void drop() {
        if (database != null) {
            MysqlTestServer.dropDatabase(database);
            MysqlTestServer.dropDatabase(copy);
        }
    }

    @LocalServerPort
    int port;

    @Test
    void backsUpTheMariaDbDataSourceAndTheCliRestoresIt() throws Exception {
        Http http = new Http(port);
        assertThat(http.post("/notes", "{\"body\":\"stored in MariaDB ✓\"}").statusCode()).isEqualTo(201);

        String job = http.backupNow();

        assertThat(Http.field(job, "status")).as(job).isEqualTo("succeeded");
        assertThat(http.get("/actuator/backup").body()).contains("\"type\":\"mysql\"");
        assertThat(http.get("/actuator/health/backup").statusCode()).isEqualTo(200);
        Http.cli("restore", "--storage", "file:" + DIR.resolve("backups"), Http.field(job, "backupId"), "--target",
                MysqlTestServer.jdbcUrl(copy), "--create");
        assertThat(MysqlTestServer.dataFingerprint(copy)).isEqualTo(MysqlTestServer.dataFingerprint(database));
        assertThat(MysqlTestServer.schemaFingerprint(copy)).isEqualTo(MysqlTestServer.schemaFingerprint(database));
        assertThat(MysqlTestServer.query(copy, "select body from note")).containsExactly("stored in MariaDB ✓");
    }
}
