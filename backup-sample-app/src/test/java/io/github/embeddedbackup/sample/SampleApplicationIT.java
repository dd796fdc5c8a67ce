package io.github.embeddedbackup.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The sample app on SQLite, over real HTTP: it backs up its own database and tells the truth about it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleApplicationIT {

    static final Path DIR = createTempDir();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + DIR.resolve("notes.db"));
        registry.add("backup.storage.local.path", () -> DIR.resolve("backups").toString());
        registry.add("backup.catch-up", () -> "false");
        registry.add("management.endpoint.backup.access", () -> "unrestricted");
    }

    @LocalServerPort
    int port;

    @Test
    void healthIsUpWithTheBackupComponent() throws Exception {
        HttpResponse<String> response = new Http(port).get("/actuator/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"UP\"").contains("\"backup\":{").contains("\"maxAge\":\"PT25H\"");
    }

    @Test
    void aBackupTriggeredOverHttpIsStoredShownMeasuredAndRestoresWithTheCli() throws Exception {
        Http http = new Http(port);
        assertThat(http.post("/notes", "{\"body\":\"remember the milk 🥛\"}").statusCode()).isEqualTo(201);
        assertThat(http.post("/notes", "{\"body\":\"O'Brien's note\"}").statusCode()).isEqualTo(201);

        String job = http.backupNow();

        assertThat(Http.field(job, "status")).isEqualTo("succeeded");
        String backupId = Http.field(job, "backupId");
        assertThat(DIR.resolve("backups/manifests/" + backupId + ".json")).exists();
        String status = http.get("/actuator/backup").body();
        assertThat(status).contains("\"lastBackupId\":\"" + backupId + "\"").contains("\"sources\":[{").contains("sqlite");
        String health = http.get("/actuator/health").body();
        assertThat(health).contains("\"lastBackupId\":\"" + backupId + "\"");
        String metrics = http.get("/actuator/prometheus").body();
        assertThat(metrics).contains("backup_runs_seconds_count{outcome=\"success\",schedule=\"none\",trigger=\"actuator\"}")
                .contains("backup_last_success_seconds").contains("backup_size_bytes_count")
                .contains("backup_failures_total{source=\"main\"} 0.0").containsPattern("backup_last_size_bytes [1-9]")
                .containsPattern("backup_storage_used_bytes\\{destination=\"primary\"} [1-9]")
                .containsPattern("backup_storage_free_bytes\\{destination=\"primary\"} [1-9]");

        Path restored = DIR.resolve("restored.db");
        Http.cli("restore", "--storage", "file:" + DIR.resolve("backups"), backupId, "--target", "jdbc:sqlite:" + restored);
        assertThat(notes(restored)).isEqualTo(notes(DIR.resolve("notes.db"))).contains("remember the milk 🥛", "O'Brien's note");
    }

    static List<String> notes(Path db) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + db); Statement statement = conn.createStatement();
                ResultSet rs = statement.executeQuery("select body from note order by id")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    static Path createTempDir() {
        try {
            Path dir = Files.createTempDirectory("sample-it-");
            // Shared by cached application contexts until the JVM ends: removed then, so test runs leave nothing in /tmp.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> io.github.embeddedbackup.core.source.TempFiles.deleteRecursively(dir)));
            return dir;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
