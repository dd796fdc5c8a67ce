package io.github.embeddedbackup.autoconfigure.api;

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
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import io.github.embeddedbackup.autoconfigure.metrics.BackupMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
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
 * Restore drills through the REST API, over real HTTP: a drill of the latest backup passes and shows on the backup
 * as {@code lastDrill}; a drill of a damaged archive fails its job and reaches the webhook as {@code drill-failed}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = BackupDrillApiIT.App.class,
        properties = {"backup.catch-up=false", "backup.schedule=", "backup.datasource.enabled=false", "spring.application.name=orders"})
class BackupDrillApiIT {

    static final Path DIR = createDir();
    static final HttpReceiver WEBHOOK = receiver();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @org.springframework.context.annotation.Import(io.github.embeddedbackup.autoconfigure.BasicAuthAdmin.class)
    static class App {
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Files.createDirectories(DIR.resolve("files"));
        Files.writeString(DIR.resolve("files/orders.csv"), "1,apple\n2,pear\n");
        registry.add("backup.sources.files.path", () -> DIR.resolve("files").toString());
        registry.add("backup.storage.local.path", () -> DIR.resolve("backups").toString());
        registry.add("backup.notifications.webhook.url", () -> WEBHOOK.url("/hooks/orders").toString());
        registry.add("backup.notifications.delivery.initial-backoff", () -> "50ms");
    }

    @LocalServerPort
    int port;

    @Autowired
    BackupMetrics metrics;

    /** The starter's meters, bound as Spring Boot's metrics binds them to each registry (this test app runs no actuator). */
    private final MeterRegistry meters = new SimpleMeterRegistry();


    @AfterAll
    static void stopReceiver() {
        WEBHOOK.close();
    }

    @Test
    void aDrillOfTheLatestBackupPassesAndShowsOnTheBackupADamagedOneFailsAndIsAlerted() throws Exception {
        metrics.bindTo(meters);
        String backupId = finished(post("/api/backup")).path("backupId").asString();
        assertThat(JSON.readTree(get("/api/backup/" + backupId).body()).path("lastDrill").isNull()).as("never drilled").isTrue();

        HttpResponse<String> started = post("/api/backup/latest/drill");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode startedJob = JSON.readTree(started.body());
        assertThat(startedJob.path("type").asString()).isEqualTo("drill");
        assertThat(startedJob.path("backupId").asString()).isEqualTo(backupId);
        assertThat(started.headers().firstValue("Location")).hasValue("/api/backup/jobs/" + startedJob.path("jobId").asString());
        JsonNode drilled = finished(started);
        assertThat(drilled.path("status").asString()).as(drilled.toString()).isEqualTo("succeeded");

        JsonNode lastDrill = JSON.readTree(get("/api/backup/" + backupId).body()).path("lastDrill");
        assertThat(lastDrill.path("ok").asBoolean()).as(lastDrill.toString()).isTrue();
        assertThat(lastDrill.path("rtoSeconds").isNumber()).isTrue();
        assertThat(lastDrill.path("rtoSeconds").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(lastDrill.path("drilledAt").asString()).isNotBlank();
        assertThat(lastDrill.path("failedChecks").isEmpty()).isTrue();
        assertThat(meters.get("backup.drill.failures").counter().count()).isZero();
        assertThat(meters.get("backup.drill.last.success").timeGauge().value(TimeUnit.SECONDS))
                .isEqualTo(Instant.parse(lastDrill.path("drilledAt").asString()).toEpochMilli() / 1000.0);
        assertThat(meters.get("backup.drill.duration").timeGauge().value(TimeUnit.SECONDS)).isCloseTo(lastDrill.path("rtoSeconds").asDouble(),
                org.assertj.core.data.Offset.offset(0.01));

        assertThat(post("/api/backup/not-an-id/drill").statusCode()).isEqualTo(400);

        damageTheArchive(backupId);
        HttpResponse<String> failing = post("/api/backup/" + backupId + "/drill");
        assertThat(failing.statusCode()).as(failing.body()).isEqualTo(202);
        JsonNode failed = finished(failing);
        assertThat(failed.path("status").asString()).isEqualTo("failed");
        assertThat(failed.path("error").asString()).isNotBlank();

        Awaitility.await().atMost(WAIT).until(() -> types().contains("drill-failed"));
        JsonNode event = WEBHOOK.requests().stream().map(request -> JSON.readTree(request.body()))
                .filter(body -> body.path("type").asString().equals("drill-failed")).findFirst().orElseThrow();
        assertThat(event.path("data").path("backupId").asString()).isEqualTo(backupId);
        assertThat(event.path("data").path("error").asString()).contains("failed");
        JsonNode after = JSON.readTree(get("/api/backup/" + backupId).body()).path("lastDrill");
        assertThat(after.path("ok").asBoolean()).as(after.toString()).isFalse();
        assertThat(after.path("failedChecks").size()).isPositive();
        assertThat(types().stream().filter("drill-failed"::equals)).as("the passed drill sent nothing").hasSize(1);
        assertThat(meters.get("backup.drill.failures").counter().count()).isEqualTo(1);
        assertThat(meters.get("backup.drill.last.success").timeGauge().value(TimeUnit.SECONDS)).as("still the passed drill's start")
                .isEqualTo(Instant.parse(lastDrill.path("drilledAt").asString()).toEpochMilli() / 1000.0);
    }

    /** Follows the job a 202 answer names until it ends. */
    private JsonNode finished(HttpResponse<String> accepted) throws Exception {
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String job = JSON.readTree(accepted.body()).path("jobId").asString();
        JsonNode[] last = new JsonNode[1];
        Awaitility.await().atMost(WAIT).until(() -> {
            last[0] = JSON.readTree(get("/api/backup/jobs/" + job).body());
            return !last[0].path("status").asString().equals("running");
        });
        return last[0];
    }

    private java.util.List<String> types() {
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

    private HttpResponse<String> post(String path) throws Exception {
        return BasicAuthAdmin.post(port, path, "{}");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return BasicAuthAdmin.get(port, path);
    }

    private static Path createDir() {
        try {
            return Files.createTempDirectory("drill-api-it");
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
