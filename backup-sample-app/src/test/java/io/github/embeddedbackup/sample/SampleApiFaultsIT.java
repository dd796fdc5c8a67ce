package io.github.embeddedbackup.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Hostile and unusual API input over real HTTP (issue 12): every answer is deliberate, never a 500. */
@Tag("fault-matrix")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleApiFaultsIT {

    static final Path DIR = SampleApplicationIT.createTempDir();
    static final String TOKEN = "faults-token-0123456789abcdef";
    static final String[] AUTH = {"Authorization", "Bearer " + TOKEN};
    static final String[] JSON = {"Authorization", "Bearer " + TOKEN, "Content-Type", "application/json"};

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

    /** A backup started with a JSON null body: 202, as with no body. */
    String backup(Http http) throws Exception {
        HttpResponse<String> started = http.send("POST", "/api/backup", "null", JSON);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String job = SampleApiIT.follow(http, started.headers().firstValue("Location").orElseThrow(), AUTH);
        assertThat(Http.field(job, "status")).as(job).isEqualTo("succeeded");
        return job;
    }

    @Test
    void aJsonNullBodyMeansNoBody() throws Exception {
        Http http = new Http(port);
        assertThat(http.post("/notes", "{\"body\":\"n\"}").statusCode()).isEqualTo(201);
        String id = Http.field(backup(http), "backupId");

        HttpResponse<String> verify = http.send("POST", "/api/backup/" + id + "/verify", "null", JSON);
        assertThat(verify.statusCode()).as(verify.body()).isEqualTo(200);
        assertThat(verify.body()).contains("\"ok\":true").contains("\"level\":\"checksum\"");

        HttpResponse<String> restore = http.send("POST", "/api/backup/" + id + "/restore", "null", JSON);
        assertThat(restore.statusCode()).as(restore.body()).isEqualTo(400);
        assertThat(restore.body()).contains("must be confirmed");
    }

    @Test
    void afterTheLastBackupIsForceDeletedHealthNoLongerNamesIt() throws Exception {
        Http http = new Http(port);
        String id = Http.field(backup(http), "backupId");
        assertThat(http.get("/actuator/health/backup").body()).contains("\"lastBackupId\":\"" + id + "\"");

        for (String listed : ids(http.send("GET", "/api/backup?size=100", null, AUTH).body())) {
            HttpResponse<String> deleted = http.send("DELETE", "/api/backup/" + listed + "?force=true", null, AUTH);
            assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
        }

        String health = http.get("/actuator/health/backup").body();
        assertThat(health).doesNotContain(id).contains("\"lastSuccess\":\"none\"").contains("\"firstStart\":\"");
    }

    static java.util.List<String> ids(String page) {
        return java.util.regex.Pattern.compile("\"id\":\"([^\"]+)\"").matcher(page).results().map(m -> m.group(1)).toList();
    }

    @Test
    void jobsReportTheirTrueFinalFiguresUnderOneNamingInTheApiAndTheEndpoint() throws Exception {
        Http http = new Http(port);
        assertThat(http.post("/notes", "{\"body\":\"counted\"}").statusCode()).isEqualTo(201);
        String job = backup(http);
        String id = Http.field(job, "backupId");
        String detail = http.send("GET", "/api/backup/" + id, null, AUTH).body();
        long plain = Http.number(detail, "plainBytes");
        long stored = Http.number(detail, "size");

        assertThat(Http.number(job, "bytesProcessed")).as(job).isPositive().isEqualTo(plain);
        assertThat(Http.number(job, "storedBytes")).isEqualTo(stored);
        String endpoint = http.get("/actuator/backup/" + Http.field(job, "jobId")).body();
        assertThat(endpoint).doesNotContain("\"state\"").doesNotContain("plainBytes");
        for (String field : new String[] {"status", "type", "stage", "backupId"}) {
            assertThat(Http.field(endpoint, field)).as(field).isEqualTo(Http.field(job, field));
        }
        assertThat(Http.number(endpoint, "bytesProcessed")).isEqualTo(plain);
        assertThat(Http.number(endpoint, "storedBytes")).isEqualTo(stored);

        HttpResponse<String> restore = http.send("POST", "/api/backup/" + id + "/restore",
                "{\"confirm\":\"" + id + "\",\"source\":\"main\",\"target\":\"check\"}", JSON);
        assertThat(restore.statusCode()).as(restore.body()).isEqualTo(202);
        String restored = SampleApiIT.follow(http, restore.headers().firstValue("Location").orElseThrow(), AUTH);
        assertThat(Http.field(restored, "status")).as(restored).isEqualTo("succeeded");
        assertThat(Http.number(restored, "bytesProcessed")).as("the dump restored").isEqualTo(plain);
        assertThat(Http.number(restored, "storedBytes")).as("the stored object, not the plain size").isEqualTo(stored).isNotEqualTo(plain);
    }

    @Test
    void aDownloadAnswers304ToItsOwnETag() throws Exception {
        Http http = new Http(port);
        String id = Http.field(backup(http), "backupId");
        String path = "/api/backup/" + id + "/download";
        HttpResponse<byte[]> full = http.download(path, AUTH);
        assertThat(full.statusCode()).isEqualTo(200);
        String etag = full.headers().firstValue("ETag").orElseThrow();

        for (String ifNoneMatch : new String[] {etag, "*", "W/" + etag, "\"other\", " + etag}) {
            HttpResponse<byte[]> cached = http.download(path, "Authorization", "Bearer " + TOKEN, "If-None-Match", ifNoneMatch);
            assertThat(cached.statusCode()).as("If-None-Match: " + ifNoneMatch).isEqualTo(304);
            assertThat(cached.body()).isEmpty();
            assertThat(cached.headers().firstValue("ETag")).hasValue(etag);
        }
        HttpResponse<byte[]> changed = http.download(path, "Authorization", "Bearer " + TOKEN, "If-None-Match", "\"0000\"");
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).hasSize(full.body().length);
    }
}
