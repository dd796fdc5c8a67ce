package io.github.embeddedbackup.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** When backups stop, /actuator/health/backup goes BACKUP_DOWN (503) and says why; the application stays UP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"backup.health.max-age=3s", "management.endpoint.backup.access=unrestricted"})
class SampleStalenessIT {

    static final Path DIR = SampleApplicationIT.createTempDir();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + DIR.resolve("notes.db"));
        registry.add("backup.storage.local.path", () -> DIR.resolve("backups").toString());
        registry.add("backup.catch-up", () -> "false");
    }

    @LocalServerPort
    int port;

    @Test
    void healthGoesDownWhenTheLastBackupIsOlderThanMaxAge() throws Exception {
        Http http = new Http(port);
        http.backupNow();
        assertThat(http.get("/actuator/health").statusCode()).isEqualTo(200);

        Thread.sleep(3500);

        HttpResponse<String> health = http.get("/actuator/health/backup");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("\"status\":\"BACKUP_DOWN\"").contains("the last successful backup is");
        assertThat(http.get("/actuator/health").statusCode()).as("the application stays in service").isEqualTo(200);

        http.backupNow();
        assertThat(http.get("/actuator/health/backup").statusCode()).as("a new backup brings it back UP").isEqualTo(200);
    }
}
