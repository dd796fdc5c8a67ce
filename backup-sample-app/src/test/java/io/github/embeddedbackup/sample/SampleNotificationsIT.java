package io.github.embeddedbackup.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.github.embeddedbackup.core.testing.HttpReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A new user's first alert: the sample application with a few notification properties; a failed
 * backup reaches a Slack-style receiver, a signed webhook, an SMTP inbox and a heartbeat within
 * seconds, and the next good backup sends "recovered". The application stays UP throughout.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"backup.catch-up=false", "management.endpoint.backup.access=unrestricted",
                "management.endpoints.web.exposure.include=health,backup,prometheus,env,configprops",
                "management.endpoint.env.show-values=always", "management.endpoint.configprops.show-values=always"})
class SampleNotificationsIT {

    static final Path DIR = SampleApplicationIT.createTempDir();
    static final HttpReceiver SLACK = receiver();
    static final HttpReceiver WEBHOOK = receiver();
    static final HttpReceiver HEARTBEAT = receiver();
    static final byte[] KEY = "sample-notifications-signing-key".getBytes(StandardCharsets.US_ASCII);
    static final Duration WAIT = Duration.ofSeconds(15);

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Files.createDirectories(DIR.resolve("uploads"));
        Files.writeString(DIR.resolve("uploads/photo.txt"), "a photo");
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + DIR.resolve("notes.db"));
        registry.add("backup.storage.local.path", () -> DIR.resolve("backups").toString());
        registry.add("backup.sources.uploads.path", () -> DIR.resolve("uploads").toString());
        registry.add("backup.notifications.slack.webhook-url", () -> SLACK.url("/services/T1/B1/sampleSlackToken").toString());
        registry.add("backup.notifications.webhook.url", () -> WEBHOOK.url("/hooks/notes").toString());
        registry.add("backup.notifications.webhook.secret", () -> "whsec_" + Base64.getEncoder().encodeToString(KEY));
        registry.add("backup.notifications.heartbeat.url", () -> HEARTBEAT.url("/ping/notes-check").toString());
        registry.add("backup.notifications.email.to", () -> "ops@example.com");
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> String.valueOf(ServerSetupTest.SMTP.getPort()));
    }

    @LocalServerPort
    int port;

    @AfterAll
    static void stopReceivers() {
        SLACK.close();
        WEBHOOK.close();
        HEARTBEAT.close();
    }

    @Test
    void aFailedBackupReachesEveryChannelAndTheNextGoodOneSendsRecovered() throws Exception {
        Http http = new Http(port);
        Files.delete(DIR.resolve("uploads/photo.txt"));
        Files.delete(DIR.resolve("uploads")); // the folder source is gone: the backup fails
        long started = System.nanoTime();
        assertThat(Http.field(http.backupNow(), "status")).isEqualTo("failed");

        assertThat(SLACK.await(1, WAIT).get(0).body()).contains("\"header\"", "Backup failed", "notes");
        HttpReceiver.Request hook = WEBHOOK.await(1, WAIT).get(0);
        assertThat(hook.body()).contains("\"type\":\"backup-failed\"", "\"service\":\"notes\"", "uploads");
        assertThat(signatureOf(hook)).isIn(List.of(hook.header("webhook-signature").split(" ")));
        assertThat(HEARTBEAT.await(2, WAIT)).extracting(HttpReceiver.Request::path).containsExactly("/ping/notes-check/start",
                "/ping/notes-check/fail");
        Awaitility.await().atMost(WAIT).until(() -> smtp.getReceivedMessages().length >= 1);
        assertThat(smtp.getReceivedMessages()[0].getSubject()).contains("Backup failed", "notes");
        assertThat(GreenMailUtil.getBody(smtp.getReceivedMessages()[0])).contains("uploads");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("within seconds").isLessThan(WAIT);
        assertThat(http.get("/actuator/health").statusCode()).as("the application stays in service").isEqualTo(200);

        Files.createDirectories(DIR.resolve("uploads"));
        assertThat(Http.field(http.backupNow(), "status")).isEqualTo("succeeded");
        assertThat(WEBHOOK.await(2, WAIT).get(1).body()).contains("\"type\":\"recovered\"");
        assertThat(SLACK.await(2, WAIT).get(1).body()).contains("recovered");
        assertThat(HEARTBEAT.await(4, WAIT)).extracting(HttpReceiver.Request::path).endsWith("/ping/notes-check");
        // Spring Boot's own metrics auto-configuration binds the meter: each channel's deliveries on /actuator/prometheus.
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(http.get("/actuator/prometheus").body())
                .contains("backup_notifications_total{channel=\"webhook\",outcome=\"success\"} 2.0",
                        "backup_notifications_total{channel=\"slack\",outcome=\"failure\"} 0.0"));
        for (String endpoint : List.of("/actuator/env", "/actuator/configprops")) {
            String shown = http.get(endpoint).body();
            assertThat(shown).as(endpoint).contains("notifications").doesNotContain("sampleSlackToken", "notes-check",
                    Base64.getEncoder().encodeToString(KEY));
        }
        assertThat(http.get("/actuator/backup").body()).contains("\"notificationChannels\":[\"slack\",\"webhook\",\"heartbeat\",\"email\"]")
                .doesNotContain("sampleSlackToken");
    }

    private static String signatureOf(HttpReceiver.Request request) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal((request.header("webhook-id") + "." + request.header("webhook-timestamp")
                + "." + request.body()).getBytes(StandardCharsets.UTF_8)));
    }

    private static HttpReceiver receiver() {
        try {
            return new HttpReceiver();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
