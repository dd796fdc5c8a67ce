package io.github.embeddedbackup.autoconfigure.notify;

import io.github.embeddedbackup.autoconfigure.BasicAuthAdmin;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.testing.HttpReceiver;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The events besides failed backups, as an operator produces them over real HTTP: a nearly full
 * destination, an optional mirror left out, a restore that succeeds and one that fails, a verification
 * that finds a damaged archive. Each reaches a webhook receiver once, with who asked and what it touched.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = BackupNotificationEventsIT.App.class,
        properties = {"backup.catch-up=false", "backup.schedule=", "backup.datasource.enabled=false", "backup.health.max-age=30s",
                "spring.application.name=orders"})
class BackupNotificationEventsIT {

    static final Path DIR = createDir();
    static final HttpReceiver WEBHOOK = receiver();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @org.springframework.context.annotation.Import(io.github.embeddedbackup.autoconfigure.BasicAuthAdmin.class)
    static class App {
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Files.createDirectories(DIR.resolve("files"));
        Files.writeString(DIR.resolve("files/orders.csv"), "1,apple\n2,pear\n");
        Files.createDirectories(DIR.resolve("mirror"));
        registry.add("backup.sources.files.path", () -> DIR.resolve("files").toString());
        registry.add("backup.storage.local.path", () -> DIR.resolve("backups").toString());
        registry.add("backup.mirrors.spare.local.path", () -> DIR.resolve("mirror").toString());
        registry.add("backup.mirrors.spare.required", () -> "false");
        registry.add("backup.restore.targets.copy.path", () -> DIR.resolve("restored").toString());
        registry.add("backup.notifications.webhook.url", () -> WEBHOOK.url("/hooks/orders").toString());
        registry.add("backup.notifications.storage-low.free-below", () -> "100%"); // every local volume is "nearly full"
        registry.add("backup.notifications.link", () -> "https://orders.example.com/backup-ui/");
        registry.add("backup.notifications.delivery.initial-backoff", () -> "50ms");
    }

    @LocalServerPort
    int port;


    @AfterAll
    static void stopReceiver() {
        WEBHOOK.close();
    }

    @Test
    void storageLowMirrorLeftOutRestoresAndAFailedVerifyEachReachTheWebhookOnce() throws Exception {
        // An optional mirror that broke after start-up: its folder is now a file.
        Files.delete(DIR.resolve("mirror"));
        Files.writeString(DIR.resolve("mirror"), "not a folder");

        String backupId = backUp();
        JsonNode leftOut = awaitEvent("destination-failed");
        assertThat(leftOut.path("data").path("destinations").get(0).asString()).isEqualTo("spare");
        assertThat(leftOut.path("data").path("error").asString()).contains("spare", "complete in the other destinations");
        assertThat(leftOut.path("data").path("service").asString()).isEqualTo("orders");
        assertThat(leftOut.path("data").path("link").asString()).isEqualTo("https://orders.example.com/backup-ui/");

        // The watchdog (every tenth of max-age: 3 s) measures the destinations and finds the primary "nearly full" (below 100 %).
        JsonNode low = awaitEvent("storage-low");
        assertThat(low.path("data").path("destinations").get(0).asString()).isIn("primary", "spare");
        assertThat(low.path("data").path("error").asString()).contains("nearly full", "below 100 %");

        HttpResponse<String> restore = post("/api/backup/" + backupId + "/restore", "{\"confirm\":\"" + backupId + "\",\"target\":\"copy\"}");
        assertThat(restore.statusCode()).as(restore.body()).isEqualTo(202);
        JsonNode restored = awaitEvent("restore-succeeded");
        assertThat(restored.path("data").path("backupId").asString()).isEqualTo(backupId);
        assertThat(restored.path("data").path("details").path("requested-by").asString()).isEqualTo("alice");
        assertThat(restored.path("data").path("details").path("target").asString()).isEqualTo("copy");
        assertThat(Files.readString(DIR.resolve("restored/orders.csv"))).isEqualTo("1,apple\n2,pear\n");

        damageTheArchive(backupId);
        HttpResponse<String> verify = post("/api/backup/" + backupId + "/verify", "{}");
        assertThat(verify.statusCode()).as(verify.body()).isEqualTo(200);
        JsonNode verifyFailed = awaitEvent("verify-failed");
        assertThat(verifyFailed.path("data").path("backupId").asString()).isEqualTo(backupId);
        assertThat(verifyFailed.path("data").path("error").asString()).containsIgnoringCase("problem");
        assertThat(verifyFailed.path("data").path("details").path("requested-by").asString()).isEqualTo("alice");

        deleteTree(DIR.resolve("restored"));
        HttpResponse<String> failing = post("/api/backup/" + backupId + "/restore", "{\"confirm\":\"" + backupId + "\",\"target\":\"copy\"}");
        assertThat(failing.statusCode()).as(failing.body()).isEqualTo(202);
        JsonNode restoreFailed = awaitEvent("restore-failed");
        assertThat(restoreFailed.path("data").path("error").asString()).isNotBlank();
        assertThat(restoreFailed.path("data").path("details").path("target").asString()).isEqualTo("copy");

        Thread.sleep(3_000); // a few more watchdog ticks
        assertThat(types()).as("each event once (storage-low once per destination)").containsExactlyInAnyOrder("destination-failed",
                "storage-low", "storage-low", "restore-succeeded", "verify-failed", "restore-failed");
        assertThat(WEBHOOK.requests().stream().map(request -> JSON.readTree(request.body())).filter(body -> body.path("type").asString()
                .equals("storage-low")).map(body -> body.path("data").path("destinations").get(0).asString()))
                .containsExactlyInAnyOrder("primary", "spare");
    }

    private String backUp() throws Exception {
        HttpResponse<String> started = post("/api/backup", "{}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String job = JSON.readTree(started.body()).path("jobId").asString();
        List<String> state = new ArrayList<>();
        Awaitility.await().atMost(WAIT).until(() -> {
            JsonNode view = JSON.readTree(get("/api/backup/jobs/" + job).body());
            state.add(0, view.path("status").asString() + " " + view.path("backupId").asString());
            return !view.path("status").asString().equals("running");
        });
        assertThat(state.get(0)).startsWith("succeeded ");
        return state.get(0).substring("succeeded ".length());
    }

    private JsonNode awaitEvent(String type) {
        Awaitility.await().atMost(WAIT).until(() -> types().contains(type));
        return WEBHOOK.requests().stream().map(request -> JSON.readTree(request.body())).filter(body -> body.path("type").asString()
                .equals(type)).findFirst().orElseThrow();
    }

    private List<String> types() {
        return WEBHOOK.requests().stream().map(request -> JSON.readTree(request.body()).path("type").asString()).toList();
    }

    private static void damageTheArchive(String backupId) throws IOException {
        try (Stream<Path> files = Files.walk(DIR.resolve("backups/archives"))) {
            Path archive = files.filter(path -> path.getFileName().toString().startsWith(backupId)).findFirst().orElseThrow();
            try (RandomAccessFile file = new RandomAccessFile(archive.toFile(), "rw")) {
                file.seek(file.length() / 2);
                int b = file.read();
                file.seek(file.length() / 2);
                file.write(b ^ 0xFF);
            }
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return BasicAuthAdmin.post(port, path, body);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return BasicAuthAdmin.get(port, path);
    }

    private static Path createDir() {
        try {
            return Files.createTempDirectory("backup-notification-events");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpReceiver receiver() {
        try {
            return new HttpReceiver();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
