package io.github.embeddedbackup.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.testing.PgTestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The REST API with a PostgreSQL DataSource: a backup restored into an allow-listed database equals
 * the original; an in-place restore brings the application's own database back and keeps what it
 * replaced in a safety backup.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleApiPostgresIT {

    static final Path DIR = SampleApplicationIT.createTempDir();
    static String database;
    static String copy;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        PgTestServer.require();
        database = PgTestServer.createAwkwardDatabase("bt_api");
        copy = "bt_api_copy_" + Long.toHexString(System.nanoTime());
        registry.add("spring.datasource.url", () -> PgTestServer.jdbcUrl(database));
        registry.add("backup.storage.local.path", () -> DIR.resolve("backups").toString());
        registry.add("backup.catch-up", () -> "false");
        registry.add("backup.api.token", () -> SampleApiIT.TOKEN);
        registry.add("backup.restore.targets.copy.url", () -> PgTestServer.jdbcUrl(copy));
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
    void restoresIntoAnAllowListedDatabaseAndInPlaceWithASafetyBackup() throws Exception {
        Http http = new Http(port);
        assertThat(http.post("/notes", "{\"body\":\"kept in PostgreSQL\"}").statusCode()).isEqualTo(201);
        String id = Http.field(SampleApiIT.follow(http, http.send("POST", "/api/backup", null, SampleApiIT.AUTH)
                .headers().firstValue("Location").orElseThrow()), "backupId");
        Map<String, String> original = PgTestServer.dataFingerprint(database);
        String originalSchema = PgTestServer.schemaDump(database);
        assertThat(http.send("GET", "/api/backup/" + id, null, SampleApiIT.AUTH).body()).contains("\"type\":\"postgresql\"")
                .contains("\"pgDumpVersion\"").doesNotContain("password");

        // Into another database: created, equal to the original.
        HttpResponse<String> restore = http.send("POST", "/api/backup/" + id + "/restore", "{\"confirm\":\"" + id + "\",\"target\":\"copy\"}", SampleApiIT.JSON);
        assertThat(restore.statusCode()).as(restore.body()).isEqualTo(202);
        String job = SampleApiIT.follow(http, restore.headers().firstValue("Location").orElseThrow());
        assertThat(Http.field(job, "status")).as(job).isEqualTo("succeeded");
        assertThat(PgTestServer.dataFingerprint(copy)).isEqualTo(original);
        assertThat(PgTestServer.schemaDump(copy)).isEqualTo(originalSchema);

        // In place: a note written after the backup disappears, and the safety backup has it.
        assertThat(http.post("/notes", "{\"body\":\"written after the backup\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> inPlace = http.send("POST", "/api/backup/" + id + "/restore", "{\"confirm\":\"" + id + "\"}", SampleApiIT.JSON);
        assertThat(inPlace.statusCode()).as(inPlace.body()).isEqualTo(202);
        String done = SampleApiIT.follow(http, inPlace.headers().firstValue("Location").orElseThrow());
        assertThat(Http.field(done, "status")).as(done).isEqualTo("succeeded");
        assertThat(PgTestServer.query(database, "select body from note order by id")).containsExactly("kept in PostgreSQL");
        assertThat(PgTestServer.dataFingerprint(database)).isEqualTo(original);

        String safety = Http.field(done, "safetyBackupId");
        HttpResponse<String> back = http.send("POST", "/api/backup/" + safety + "/restore", "{\"confirm\":\"" + safety + "\",\"target\":\"copy\"}", SampleApiIT.JSON);
        assertThat(Http.field(SampleApiIT.follow(http, back.headers().firstValue("Location").orElseThrow()), "status")).isEqualTo("succeeded");
        assertThat(PgTestServer.query(copy, "select body from note order by id")).containsExactly("kept in PostgreSQL", "written after the backup");
    }
}
