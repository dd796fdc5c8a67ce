package io.github.embeddedbackup.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.runtime.BackupService;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/** Issue 12 item 14: exposing every endpoint (include=*, as PetClinic does) does not let anyone start a backup. */
@Tag("fault-matrix")
class SampleEndpointFaultsIT {

    static final Path DIR = SampleApplicationIT.createTempDir();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + DIR.resolve("notes.db"));
        registry.add("backup.storage.local.path", () -> DIR.resolve("backups").toString());
        registry.add("backup.catch-up", () -> "false");
        registry.add("management.endpoints.web.exposure.include", () -> "*");
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    class ByDefault {

        @LocalServerPort
        int port;

        @Autowired
        BackupService service;

        @Test
        void theEndpointIsReadOnlyEvenWhenEveryEndpointIsExposed() throws Exception {
            Http http = new Http(port);

            HttpResponse<String> post = http.post("/actuator/backup", "");

            assertThat(post.statusCode()).as(post.body()).isEqualTo(405);
            assertThat(service.jobs().recentJobs()).as("no backup started").isEmpty();
            HttpResponse<String> get = http.get("/actuator/backup");
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.body()).contains("\"sources\":[{");
        }
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    @TestPropertySource(properties = "management.endpoint.backup.access=unrestricted")
    class WhenOptedIn {

        @LocalServerPort
        int port;

        @Test
        void postStartsABackup() throws Exception {
            String job = new Http(port).backupNow();

            assertThat(job).contains("\"backupId\":\"");
        }
    }
}
