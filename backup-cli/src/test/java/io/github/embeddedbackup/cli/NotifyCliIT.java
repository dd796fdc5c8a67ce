package io.github.embeddedbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.testing.HttpReceiver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A cron job's backup, restore and verify tell a webhook and a heartbeat monitor what happened, before the JVM exits. */
class NotifyCliIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString("a test key of thirty-two bytes!!".getBytes(StandardCharsets.UTF_8));
    private static final Map<String, String> ENV = Map.of("HOOK_SECRET", SECRET);

    @TempDir
    Path dir;
    Cli cli;
    Path app;
    String storage;
    HttpReceiver webhook;
    HttpReceiver monitor;

    @BeforeEach
    void setUp() throws Exception {
        cli = new Cli(dir);
        app = dir.resolve("app.db");
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + app); Statement statement = conn.createStatement()) {
            statement.execute("create table note (id integer primary key, body text)");
            statement.execute("insert into note (body) values ('hello')");
        }
        storage = "file:" + dir.resolve("backups");
        webhook = new HttpReceiver();
        monitor = new HttpReceiver();
    }

    @AfterEach
    void tearDown() {
        webhook.close();
        monitor.close();
    }

    @Test
    void aFailedBackupReachesTheWebhookSignedAndTheHeartbeatAsStartThenFail() throws Exception {
        Cli.Result backup = cli.run(ENV, "backup", "--storage", storage, "--source", "jdbc:sqlite:" + dir.resolve("missing.db"),
                "--notify-webhook", webhook.url("/hooks/backup").toString(), "--notify-secret-env", "HOOK_SECRET",
                "--heartbeat", monitor.url("/ping/abc").toString());

        assertThat(backup.exit()).as(backup.toString()).isNotZero();
        assertThat(backup.stderr()).contains("missing.db");
        HttpReceiver.Request request = webhook.await(1, Duration.ofSeconds(1)).get(0);
        assertThat(verifies(request)).as("signature of " + request).isTrue();
        JsonNode event = JSON.readTree(request.body());
        assertThat(event.get("type").asString()).isEqualTo("backup-failed");
        assertThat(event.get("data").get("service").asString()).isEqualTo("backup-cli");
        assertThat(event.get("data").get("host").asString()).isNotBlank();
        assertThat(event.get("data").get("error").asString()).contains("missing.db", "does not exist");
        assertThat(event.get("data").get("destinations").toString()).as("names, never locations").isEqualTo("[\"storage\"]");
        assertThat(monitor.requests()).extracting(HttpReceiver.Request::path).containsExactly("/ping/abc/start", "/ping/abc/fail");
        assertThat(monitor.requests().get(1).body()).contains("missing.db");
    }

    @Test
    void aGoodBackupPingsStartThenTheBaseUrlAndSendsNoWebhook() throws Exception {
        Cli.Result backup = cli.run(ENV, "backup", "--storage", storage, "--source", "jdbc:sqlite:" + app, "--notify-webhook",
                webhook.url("/hooks/backup").toString(), "--notify-secret-env", "HOOK_SECRET", "--heartbeat", monitor.url("/ping/abc").toString());

        assertThat(backup.exit()).as(backup.toString()).isZero();
        assertThat(monitor.requests()).extracting(HttpReceiver.Request::path).containsExactly("/ping/abc/start", "/ping/abc");
        assertThat(monitor.requests().get(1).body()).contains(backup.lastStdoutLine());
        assertThat(webhook.requests()).isEmpty();
    }

    @Test
    void restoreAndVerifyReportTheirOutcome() throws Exception {
        String id = cli.run("backup", "--storage", storage, "--source", "jdbc:sqlite:" + app).lastStdoutLine();
        String hook = webhook.url("/hooks/backup").toString();

        Path restored = dir.resolve("restored.db");
        Cli.Result restore = cli.run("restore", "--storage", storage, id, "--target", "jdbc:sqlite:" + restored, "--notify-webhook", hook);
        assertThat(restore.exit()).as(restore.toString()).isZero();
        Cli.Result again = cli.run("restore", "--storage", storage, id, "--target", "jdbc:sqlite:" + restored, "--notify-webhook", hook);
        assertThat(again.exit()).isNotZero();

        Path archive = Files.list(dir.resolve("backups/archives")).findFirst().orElseThrow();
        byte[] bytes = Files.readAllBytes(archive);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(archive, bytes);
        Cli.Result verify = cli.run("verify", "--storage", storage, id, "--level", "checksum", "--notify-webhook", hook);
        assertThat(verify.exit()).isEqualTo(1);

        List<JsonNode> events = webhook.await(3, Duration.ofSeconds(1)).stream().map(r -> JSON.readTree(r.body())).toList();
        assertThat(events).extracting(e -> e.get("type").asString()).containsExactly("restore-succeeded", "restore-failed", "verify-failed");
        assertThat(events.get(0).get("data").get("backupId").asString()).isEqualTo(id);
        assertThat(events.get(0).get("data").get("details").get("target").asString()).contains("restored.db");
        assertThat(events.get(1).get("data").get("error").asString()).isNotBlank();
        assertThat(events.get(1).get("data").get("details").get("target").asString()).contains("restored.db");
        assertThat(events.get(2).get("data").get("backupId").asString()).isEqualTo(id);
        assertThat(events.get(2).get("data").get("error").asString()).contains("SHA-256");
    }

    @Test
    void anUnreachableWebhookPrintsOneLineAndKeepsTheExitCode() throws Exception {
        String down = HttpReceiver.closedPort("/services/T000/B000/SECRETTOKEN").toString();

        Cli.Result backup = cli.run("backup", "--storage", storage, "--source", "jdbc:sqlite:" + dir.resolve("missing.db"), "--notify-webhook", down,
                "--heartbeat", down);

        Cli.Result without = cli.run("backup", "--storage", storage, "--source", "jdbc:sqlite:" + dir.resolve("missing.db"));
        assertThat(backup.exit()).as(backup.toString()).isEqualTo(without.exit()).isNotZero();
        assertThat(backup.stderr().lines().filter(line -> line.contains("could not deliver")))
                .hasSize(2).allSatisfy(line -> assertThat(line).contains("connection refused"));
        assertThat(backup.stderr()).doesNotContain("SECRETTOKEN");
        assertThat(backup.took()).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void aMissingSecretOrABadUrlIsAUsageErrorNamingTheOption() throws Exception {
        // Usage errors, each refused before it backs up or notifies: all at once.
        Iterator<Cli.Result> results = cli.runAll(Map.of("HOOK_SECRET", "not-whsec-SECRETVALUE"), List.of(
                new String[] {"backup", "--storage", storage, "--source", "jdbc:sqlite:" + app, "--notify-webhook", webhook.url("/h").toString(),
                        "--notify-secret-env", "NO_SUCH_VARIABLE_42"},
                new String[] {"backup", "--storage", storage, "--source", "jdbc:sqlite:" + app, "--notify-webhook", webhook.url("/h").toString(),
                        "--notify-secret-env", "HOOK_SECRET"},
                new String[] {"backup", "--storage", storage, "--source", "jdbc:sqlite:" + app, "--notify-webhook", "ftp://host/TOKENPATH"},
                new String[] {"verify", "--storage", storage, "latest", "--heartbeat", "http://exa mple/TOKENPATH"},
                new String[] {"verify", "--storage", storage, "latest", "--heartbeat", webhook.url("/hb/TOKENPATH").toString()})).iterator();
        Cli.Result noSecret = results.next();
        assertThat(noSecret.exit()).isEqualTo(2);
        assertThat(noSecret.stderr()).contains("--notify-secret-env", "NO_SUCH_VARIABLE_42");
        assertThat(Files.exists(dir.resolve("backups"))).as("no backup was made").isFalse();

        Cli.Result badSecret = results.next();
        assertThat(badSecret.exit()).isEqualTo(2);
        assertThat(badSecret.stderr()).contains("whsec_").doesNotContain("SECRETVALUE");

        Cli.Result ftp = results.next();
        assertThat(ftp.exit()).isEqualTo(2);
        assertThat(ftp.stderr()).contains("--notify-webhook", "http").doesNotContain("TOKENPATH");

        Cli.Result garbage = results.next();
        assertThat(garbage.exit()).isEqualTo(2);
        assertThat(garbage.stderr()).contains("--heartbeat").doesNotContain("TOKENPATH");
        // A monitor that would never be pinged is refused, not silently ignored.
        Cli.Result notABackup = results.next();
        assertThat(notABackup.exit()).isEqualTo(2);
        assertThat(notABackup.stderr()).contains("--heartbeat is taken by 'backup' only").doesNotContain("TOKENPATH");
        assertThat(webhook.requests()).isEmpty();
    }

    /** The Standard Webhooks check, as a receiver would write it from the specification. */
    private static boolean verifies(HttpReceiver.Request request) throws Exception {
        long age = Instant.now().getEpochSecond() - Long.parseLong(request.header("webhook-timestamp"));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring("whsec_".length())), "HmacSHA256"));
        byte[] expected = mac.doFinal((request.header("webhook-id") + "." + request.header("webhook-timestamp") + "." + request.body())
                .getBytes(StandardCharsets.UTF_8));
        String signature = request.header("webhook-signature");
        return Math.abs(age) < 300 && signature.startsWith("v1,")
                && MessageDigest.isEqual(Base64.getDecoder().decode(signature.substring(3)), expected);
    }
}
