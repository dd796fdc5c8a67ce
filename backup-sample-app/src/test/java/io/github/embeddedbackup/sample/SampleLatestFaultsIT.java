package io.github.embeddedbackup.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.runtime.BackupJob;
import io.github.embeddedbackup.runtime.BackupRestoreService;
import io.github.embeddedbackup.runtime.BackupService;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Issue 12 item 5: when the newest manifest is damaged, nothing silently falls back to an older backup. */
@Tag("fault-matrix")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleLatestFaultsIT {

    static final Path DIR = SampleApplicationIT.createTempDir();
    static final String TOKEN = "latest-faults-token-0123456789";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + DIR.resolve("notes.db"));
        registry.add("backup.storage.local.path", () -> DIR.resolve("backups").toString());
        registry.add("backup.catch-up", () -> "false");
        registry.add("backup.api.token", () -> TOKEN);
        registry.add("backup.restore.targets.check.url", () -> "jdbc:sqlite:" + DIR.resolve("check.db"));
    }

    @LocalServerPort
    int port;

    @Autowired
    BackupService service;

    @Autowired
    BackupRestoreService restores;

    @Test
    void aDamagedNewestManifestIsNamedByHealthTheEndpointAndALatestRestore() throws Exception {
        String older = backUp();
        Thread.sleep(1100); // ids carry the start second: the second backup is the newer one
        String newest = backUp();
        Files.writeString(DIR.resolve("backups/manifests/" + newest + ".json"), "garbage, not a manifest");
        service.history().backupsChanged(); // as the health cache's minute running out would
        Http http = new Http(port);
        String skipped = "Backup " + newest + " is newer but was skipped";
        String instead = "Using backup " + older + " instead.";

        HttpResponse<String> health = http.get("/actuator/health/backup");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
        assertThat(health.body()).contains("the newest backup cannot be used").contains(skipped).contains(instead)
                .contains("\"warnings\":[");
        HttpResponse<String> overall = http.get("/actuator/health");
        assertThat(overall.statusCode()).as("a backup problem never takes the application out of service").isEqualTo(200);

        HttpResponse<String> endpoint = http.get("/actuator/backup");
        assertThat(endpoint.body()).contains("\"lastBackupId\":\"" + older + "\"").containsPattern("\"warnings\":\\[\"" + skipped)
                .contains(instead);

        BackupJob job = restores.restore(new BackupRestoreService.RestoreRequest("latest", null, "check", List.of(), false, 1));
        job.completion().get(60, TimeUnit.SECONDS);
        HttpResponse<String> view = http.send("GET", "/api/backup/jobs/" + job.id(), null, "Authorization", "Bearer " + TOKEN);
        assertThat(view.statusCode()).as(view.body()).isEqualTo(200);
        assertThat(view.body()).contains("\"status\":\"succeeded\"").contains("\"backupId\":\"" + older + "\"")
                .containsPattern("\"warnings\":\\[\"" + skipped).contains(instead);
    }

    private String backUp() throws Exception {
        BackupJob job = service.trigger("test").completion().get(60, TimeUnit.SECONDS);
        assertThat(job.state()).as(String.valueOf(job.error())).isEqualTo(BackupJob.State.SUCCEEDED);
        return job.backupId();
    }
}
