package io.github.embeddedbackup.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.autoconfigure.api.BackupAuditEvent;
import io.github.embeddedbackup.core.source.ArchiveSink;
import io.github.embeddedbackup.core.source.BackupSource;
import io.github.embeddedbackup.core.source.SourceDetails;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The REST API of the sample app over real HTTP, with the bearer token (no Spring Security), on SQLite. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleApiIT {

    static final Path DIR = SampleApplicationIT.createTempDir();
    static final String TOKEN = "test-token-" + HexFormat.of().formatHex(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    static final String[] AUTH = {"Authorization", "Bearer " + TOKEN};
    static final String[] JSON = {"Authorization", "Bearer " + TOKEN, "Content-Type", "application/json"};
    /** Closed by a test to hold a backup running; open otherwise. */
    static volatile CountDownLatch gate = new CountDownLatch(0);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + DIR.resolve("notes.db"));
        registry.add("backup.storage.local.path", () -> DIR.resolve("backups").toString());
        registry.add("backup.catch-up", () -> "false");
        registry.add("backup.api.token", () -> TOKEN);
        registry.add("backup.restore.targets.check.url", () -> "jdbc:sqlite:" + DIR.resolve("check.db"));
    }

    @TestConfiguration
    static class Extras {

        /** A second source that waits at the gate: holds a backup running while other calls come in. */
        @Bean
        BackupSource gateSource() {
            return new BackupSource() {
                @Override
                public String name() {
                    return "gate";
                }

                @Override
                public String type() {
                    return "test";
                }

                @Override
                public SourceDetails backup(ArchiveSink sink) throws IOException {
                    try {
                        gate.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    try (OutputStream out = sink.openEntry("gate.txt")) {
                        out.write("opened".getBytes(StandardCharsets.UTF_8));
                    }
                    return new SourceDetails(Map.of(), List.of());
                }
            };
        }

        @Bean
        AuditEvents auditEvents() {
            return new AuditEvents();
        }
    }

    static class AuditEvents {
        final List<BackupAuditEvent> events = new CopyOnWriteArrayList<>();

        @EventListener
        void on(BackupAuditEvent event) {
            events.add(event);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    AuditEvents audit;

    @Test
    void everyEndpointRefusesCallsWithoutOrWithAWrongToken() throws Exception {
        Http http = new Http(port);
        String id = "20261121T020000Z-7f3a9c";
        List<String[]> calls = List.of(new String[] {"POST", "/api/backup"}, new String[] {"GET", "/api/backup"},
                new String[] {"GET", "/api/backup/" + id}, new String[] {"GET", "/api/backup/" + id + "/download"},
                new String[] {"POST", "/api/backup/" + id + "/verify"}, new String[] {"POST", "/api/backup/" + id + "/restore"},
                new String[] {"DELETE", "/api/backup/" + id}, new String[] {"GET", "/api/backup/jobs/3f2c5a9e-8d1b-4c47-9a61-2b7e0f4d8c15"});
        for (String[] call : calls) {
            HttpResponse<String> none = http.send(call[0], call[1], null);
            HttpResponse<String> wrong = http.send(call[0], call[1], null, "Authorization", "Bearer " + TOKEN + "x");
            HttpResponse<String> basic = http.send(call[0], call[1], null, "Authorization", "Basic " + Base64.getEncoder().encodeToString(TOKEN.getBytes()));
            for (HttpResponse<String> response : List.of(none, wrong, basic)) {
                assertThat(response.statusCode()).as(call[0] + " " + call[1]).isEqualTo(401);
                assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
                assertThat(response.body()).doesNotContain(TOKEN);
            }
            assertThat(none.body()).contains("Authorization: Bearer");
        }
        assertThat(audit.events).anyMatch(event -> event.outcome().equals("denied") && event.action().equals("delete"));
    }

    @Test
    void fullCycleStartFollowListDownloadVerifyRestoreWithConfirmationAndDelete() throws Exception {
        Http http = new Http(port);
        assertThat(http.post("/notes", "{\"body\":\"API note ✓\"}").statusCode()).isEqualTo(201);
        assertThat(http.post("/notes", "{\"body\":\"second\"}").statusCode()).isEqualTo(201);

        HttpResponse<String> started = http.send("POST", "/api/backup", "{\"labels\":{\"reason\":\"before-upgrade\"}}", JSON);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String location = started.headers().firstValue("Location").orElseThrow();
        assertThat(location).matches("/api/backup/jobs/[0-9a-f-]{36}");
        String job = follow(http, location);
        assertThat(Http.field(job, "status")).as(job).isEqualTo("succeeded");
        assertThat(Http.field(job, "stage")).isEqualTo("done");
        String id = Http.field(job, "backupId");

        String page = http.send("GET", "/api/backup?label=reason=before-upgrade&size=5", null, AUTH).body();
        assertThat(page).contains("\"id\":\"" + id + "\"").contains("\"totalElements\":1").contains("\"page\":0");
        assertThat(http.send("GET", "/api/backup?source=nothing-like-this", null, AUTH).body()).contains("\"totalElements\":0");
        String detail = http.send("GET", "/api/backup/" + id, null, AUTH).body();
        String sha256 = Http.field(detail, "sha256");
        assertThat(detail).contains("\"compression\":\"zstd\"").contains("\"name\":\"main\"").contains("\"durationMs\"");

        HttpResponse<byte[]> download = http.download("/api/backup/" + id + "/download", AUTH);
        assertThat(download.statusCode()).isEqualTo(200);
        String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(download.body()));
        assertThat(actual).isEqualTo(sha256).isEqualTo(download.headers().firstValue("X-Backup-Sha256").orElseThrow());
        assertThat(download.headers().firstValueAsLong("Content-Length")).hasValue(download.body().length);
        assertThat(download.headers().firstValue("Repr-Digest")).hasValue("sha-256=:"
                + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256)) + ":");

        String verified = http.send("POST", "/api/backup/" + id + "/verify", "{\"level\":\"content\"}", JSON).body();
        assertThat(verified).contains("\"ok\":true").contains("\"level\":\"content\"").contains("\"problems\":[]");

        HttpResponse<String> unconfirmed = http.send("POST", "/api/backup/" + id + "/restore", "{\"target\":\"check\"}", JSON);
        assertThat(unconfirmed.statusCode()).isEqualTo(400);
        assertThat(unconfirmed.body()).contains("confirm");
        HttpResponse<String> notAllowed = http.send("POST", "/api/backup/" + id + "/restore",
                "{\"confirm\":\"" + id + "\",\"source\":\"main\",\"target\":\"somewhere-else\"}", JSON);
        assertThat(notAllowed.statusCode()).isEqualTo(400);
        assertThat(notAllowed.body()).contains("allow-list").contains("check");

        String restoreBody = "{\"confirm\":\"" + id + "\",\"source\":\"main\",\"target\":\"check\"}";
        HttpResponse<String> restore = http.send("POST", "/api/backup/" + id + "/restore", restoreBody, JSON);
        assertThat(restore.statusCode()).as(restore.body()).isEqualTo(202);
        String restored = follow(http, restore.headers().firstValue("Location").orElseThrow());
        assertThat(Http.field(restored, "status")).as(restored).isEqualTo("succeeded");
        assertThat(Http.field(restored, "type")).isEqualTo("restore");
        assertThat(SampleApplicationIT.notes(DIR.resolve("check.db"))).isEqualTo(SampleApplicationIT.notes(DIR.resolve("notes.db")))
                .contains("API note ✓", "second");

        // The target now holds data: a second restore backs it up first.
        String again = follow(http, http.send("POST", "/api/backup/" + id + "/restore", restoreBody, JSON).headers().firstValue("Location").orElseThrow());
        assertThat(Http.field(again, "status")).as(again).isEqualTo("succeeded");
        String safety = Http.field(again, "safetyBackupId");
        assertThat(http.send("GET", "/api/backup/" + safety, null, AUTH).body()).contains("\"trigger\":\"safety-backup\"").contains("\"restore-of\":\"" + id + "\"");

        // In place, while the application runs: its own connections see the restored database at once.
        assertThat(http.post("/notes", "{\"body\":\"written after the backup\"}").statusCode()).isEqualTo(201);
        String inPlace = follow(http, http.send("POST", "/api/backup/" + id + "/restore", "{\"confirm\":\"" + id + "\",\"source\":\"main\"}", JSON)
                .headers().firstValue("Location").orElseThrow());
        assertThat(Http.field(inPlace, "status")).as(inPlace).isEqualTo("succeeded");
        assertThat(http.get("/notes").body()).contains("API note ✓").doesNotContain("written after the backup");
        assertThat(http.post("/notes", "{\"body\":\"written after the restore\"}").statusCode()).isEqualTo(201);
        assertThat(SampleApplicationIT.notes(DIR.resolve("notes.db"))).containsExactly("API note ✓", "second", "written after the restore");
        String inPlaceSafety = Http.field(inPlace, "safetyBackupId");
        assertThat(http.send("GET", "/api/backup/" + inPlaceSafety, null, AUTH).body()).contains("\"rows\":3");

        assertThat(http.send("DELETE", "/api/backup/" + safety, null, AUTH).statusCode()).isEqualTo(204);
        assertThat(http.send("GET", "/api/backup/" + safety, null, AUTH).statusCode()).isEqualTo(404);
        assertThat(audit.events.stream().map(event -> event.action() + ":" + event.outcome()).collect(Collectors.toSet()))
                .contains("start:accepted", "download:succeeded", "verify:succeeded", "restore:refused", "restore:accepted",
                        "restore:succeeded", "delete:succeeded");
        assertThat(audit.events).allMatch(event -> event.who().equals("token") || event.outcome().equals("denied"));
    }

    @Test
    void theOnlyCompleteBackupIsDeletedOnlyWhenForced() throws Exception {
        Http http = new Http(port);
        List<String> ids = new ArrayList<>();
        for (String entry : http.send("GET", "/api/backup?size=100", null, AUTH).body().split("\"id\":\"")) {
            if (entry.matches("(?s)\\d{8}T\\d{6}Z-[0-9a-f]{6}\".*")) {
                ids.add(entry.substring(0, 23));
            }
        }
        String fresh = Http.field(follow(http, http.send("POST", "/api/backup", null, AUTH).headers().firstValue("Location").orElseThrow()), "backupId");
        for (String old : ids) {
            assertThat(http.send("DELETE", "/api/backup/" + old + "?force=true", null, AUTH).statusCode()).isEqualTo(204);
        }

        HttpResponse<String> refused = http.send("DELETE", "/api/backup/" + fresh, null, AUTH);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("only complete backup").contains("force=true");
        assertThat(http.send("GET", "/api/backup/" + fresh, null, AUTH).statusCode()).isEqualTo(200);
        assertThat(http.send("DELETE", "/api/backup/" + fresh + "?force=true", null, AUTH).statusCode()).isEqualTo(204);
        assertThat(http.send("GET", "/api/backup", null, AUTH).body()).contains("\"totalElements\":0");
    }

    @Test
    void concurrentStartsShareTheRunningJob() throws Exception {
        Http http = new Http(port);
        gate = new CountDownLatch(1);
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(callers.submit(() -> http.send("POST", "/api/backup", null, AUTH)));
            }
            Set<String> jobs = new java.util.HashSet<>();
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
                jobs.add(Http.field(response.body(), "jobId"));
            }
            assertThat(jobs).hasSize(1);
            // A backup of one source joins the running backup of all sources.
            HttpResponse<String> subset = http.send("POST", "/api/backup", "{\"sources\":[\"main\"]}", JSON);
            assertThat(subset.statusCode()).isEqualTo(202);
            assertThat(Http.field(subset.body(), "jobId")).isEqualTo(jobs.iterator().next());
            String running = http.send("GET", "/api/backup/jobs/" + jobs.iterator().next(), null, AUTH).body();
            assertThat(Http.field(running, "status")).isEqualTo("running");
            gate.countDown();
            assertThat(Http.field(follow(http, "/api/backup/jobs/" + jobs.iterator().next()), "status")).isEqualTo("succeeded");
        } finally {
            gate.countDown();
            callers.shutdownNow();
        }
    }

    @Test
    void hostileIdsAndBodiesGetProblemDetailsNeverA500() throws Exception {
        Http http = new Http(port);
        String id = Http.field(follow(http, http.send("POST", "/api/backup", null, AUTH).headers().firstValue("Location").orElseThrow()), "backupId");
        record Call(String method, String path, String body, int status) {}
        String big = "{\"labels\":{\"x\":\"" + "a".repeat(70_000) + "\"}}";
        List<Call> calls = List.of(
                new Call("GET", "/api/backup/..%2F..%2Fetc%2Fpasswd", null, ANY_4XX),
                new Call("GET", "/api/backup/%2e%2e", null, ANY_4XX),
                new Call("GET", "/api/backup/%2e%2e/%2e%2e/notes.db", null, ANY_4XX),
                new Call("GET", "/api/backup/20261121T020000Z-zzzzzz", null, 400),
                new Call("GET", "/api/backup/20261121T020000Z-abcdef", null, 404),
                new Call("GET", "/api/backup/20261121T020000Z-abcdef%00", null, ANY_4XX),
                new Call("GET", "/api/backup/" + "9".repeat(5000), null, 400),
                new Call("GET", "/api/backup/jobs/not-a-job", null, 400),
                new Call("GET", "/api/backup/jobs/3f2c5a9e-8d1b-4c47-9a61-2b7e0f4d8c15", null, 404),
                new Call("GET", "/api/backup?page=-1", null, 400),
                new Call("GET", "/api/backup?size=abc", null, 400),
                new Call("GET", "/api/backup?size=100000", null, 400),
                new Call("GET", "/api/backup?label=novalue", null, 400),
                new Call("GET", "/api/backup/audit?limit=0", null, 400),
                new Call("GET", "/api/backup/audit?limit=201", null, 400),
                new Call("GET", "/api/backup/audit?limit=abc", null, 400),
                new Call("POST", "/api/backup/status", null, ANY_4XX),
                new Call("POST", "/api/backup", "{", 400),
                new Call("POST", "/api/backup", "[1,2]", 400),
                new Call("POST", "/api/backup", "[]", 400),
                new Call("POST", "/api/backup", "{\"sources\":[null]}", 400),
                new Call("POST", "/api/backup", "{\"sources\":{\"a\":1}}", 400),
                new Call("POST", "/api/backup", "{\"sources\":\"notes\",", 400),
                new Call("POST", "/api/backup", "{\"sourcez\":[\"notes\"]}", 400),
                new Call("POST", "/api/backup", "{\"sources\":[\"no-such-source\"]}", 400),
                new Call("POST", "/api/backup", "{\"labels\":{\"trigger\":\"forged\"}}", 400),
                new Call("POST", "/api/backup", "{\"labels\":{\"../x\":\"y\"}}", 400),
                new Call("POST", "/api/backup", big, 413),
                new Call("POST", "/api/backup/" + id + "/verify", "{\"level\":\"everything\"}", 400),
                new Call("POST", "/api/backup/" + id + "/verify", "{\"level\":7}", 400),
                new Call("POST", "/api/backup/" + id + "/restore", "{\"confirm\":\"" + id + "\",\"jobs\":\"many\"}", 400),
                new Call("POST", "/api/backup/" + id + "/restore", "{\"confirm\":\"" + id + "\",\"jobs\":1000}", 400),
                new Call("POST", "/api/backup/" + id + "/restore", "{\"confirm\":\"" + id + "\",\"tables\":[null]}", 400),
                new Call("POST", "/api/backup/" + id + "/restore", "{\"confirm\":\"" + id + "\",\"tables\":[\" \"]}", 400),
                new Call("POST", "/api/backup/" + id + "/restore", "{\"confirm\":\"" + id + "\",\"source\":\"nope\",\"target\":\"check\"}", 400),
                new Call("DELETE", "/api/backup/" + id + "?force=maybe", null, 400));
        for (Call call : calls) {
            HttpResponse<String> response = http.send(call.method(), call.path(), call.body(), JSON);
            String description = call.method() + " " + call.path() + " " + abbreviate(call.body()) + " → " + abbreviate(response.body());
            if (call.status() == ANY_4XX) {
                assertThat(response.statusCode()).as(description).isBetween(400, 499);
            } else {
                assertThat(response.statusCode()).as(description).isEqualTo(call.status());
                assertThat(response.headers().firstValue("Content-Type")).as(description).hasValue("application/problem+json");
            }
            if (response.statusCode() != 400 || !response.body().isEmpty()) {
                assertThat(response.body()).as(description).doesNotContain("Exception").doesNotContain("io.github.embeddedbackup")
                        .doesNotContain("JsonToken");
            }
        }
        HttpResponse<String> xml = http.send("POST", "/api/backup", "<backup/>", "Authorization", "Bearer " + TOKEN, "Content-Type", "application/xml");
        assertThat(xml.statusCode()).isEqualTo(415);
        assertThat(xml.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        HttpResponse<String> unknownField = http.send("POST", "/api/backup", "{\"sourcez\":[\"notes\"]}", JSON);
        assertThat(unknownField.body()).contains("sourcez").contains("sources, labels");
        assertThat(http.send("GET", "/api/backup/" + id, null, AUTH).statusCode()).isEqualTo(200);
    }

    private static final int ANY_4XX = -1;

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 80 ? body.substring(0, 80) + "…" : body;
    }

    /** Follows a job until it is no longer running. */
    static String follow(Http http, String location) throws Exception {
        return follow(http, location, AUTH);
    }

    static String follow(Http http, String location, String... auth) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            HttpResponse<String> job = http.send("GET", location, null, auth);
            assertThat(job.statusCode()).as(job.body()).isEqualTo(200);
            if (!"running".equals(Http.field(job.body(), "status"))) {
                return job.body();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + location + " did not finish within 120 s");
    }
}
