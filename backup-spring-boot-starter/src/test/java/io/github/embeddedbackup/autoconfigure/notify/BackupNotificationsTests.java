package io.github.embeddedbackup.autoconfigure.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.github.embeddedbackup.autoconfigure.BackupAutoConfiguration;
import io.github.embeddedbackup.autoconfigure.properties.BackupPropertyException;
import io.github.embeddedbackup.core.testing.HttpReceiver;
import io.github.embeddedbackup.core.testing.HttpReceiver.Answer;
import io.github.embeddedbackup.runtime.BackupJob;
import io.github.embeddedbackup.runtime.BackupService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a person hears, through real receivers: HTTP servers on loopback playing Slack, Teams, a webhook
 * and a heartbeat service, and a real SMTP server (GreenMail).
 */
@ExtendWith(OutputCaptureExtension.class)
class BackupNotificationsTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SLACK_PATH = "/services/T0NOTIFY/B0NOTIFY/slackSecretToken123";
    private static final byte[] KEY = "a-signing-key-of-32-bytes-length".getBytes(StandardCharsets.US_ASCII);
    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(KEY);
    private static final Duration WAIT = Duration.ofSeconds(15);

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dir;

    private ApplicationContextRunner runner(String... properties) throws Exception {
        Files.createDirectories(dir.resolve("files"));
        Files.writeString(dir.resolve("files/a.txt"), "hello");
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BackupAutoConfiguration.class, BackupNotificationsAutoConfiguration.class,
                        MailSenderAutoConfiguration.class))
                .withBean(MeterRegistry.class, () -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
                .withPropertyValues("spring.application.name=shop", "backup.schedule=", "backup.catch-up=false",
                        "backup.storage.local.path=" + dir.resolve("backups"), "backup.sources.files.path=" + dir.resolve("files"),
                        "backup.notifications.delivery.initial-backoff=50ms", "backup.notifications.delivery.timeout=3s")
                .withPropertyValues(properties);
    }

    private static void deleteFiles(Path folder) throws Exception {
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void aFailedBackupReachesEveryChannelOnceAndALaterSuccessSendsRecovered(CapturedOutput output) throws Exception {
        try (HttpReceiver slack = new HttpReceiver(); HttpReceiver teams = new HttpReceiver(); HttpReceiver webhook = new HttpReceiver();
                HttpReceiver heartbeat = new HttpReceiver()) {
            teams.answerByDefault(Answer.of(202, ""));
            runner("backup.notifications.slack.webhook-url=" + slack.url(SLACK_PATH),
                    "backup.notifications.teams.webhook-url=" + teams.url("/workflows/abc/triggers/manual/paths/invoke?sig=teamsSig"),
                    "backup.notifications.webhook.url=" + webhook.url("/hooks/backup"), "backup.notifications.webhook.secret=" + SECRET,
                    "backup.notifications.webhook.headers.X-Team=platform", "backup.notifications.heartbeat.url=" + heartbeat.url("/ping/uuid-1"),
                    "backup.notifications.email.to=ops@example.com,dba@example.com", "backup.notifications.email.from=backup@example.com",
                    "backup.notifications.link=https://admin.example.com/backup-ui/", "spring.mail.host=127.0.0.1",
                    "spring.mail.port=" + smtp.getSmtp().getPort())
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        deleteFiles(dir.resolve("files"));
                        BackupJob failed = context.getBean(BackupService.class).trigger("api").completion().get();
                        assertThat(failed.state()).isEqualTo(BackupJob.State.FAILED);

                        JsonNode slackMessage = JSON.readTree(slack.await(1, WAIT).get(0).body());
                        assertThat(slackMessage.get("blocks").get(0).get("type").asString()).isEqualTo("header");
                        assertThat(slackMessage.get("blocks").get(0).get("text").get("text").asString()).contains("Backup failed", "shop");
                        assertThat(slackMessage.get("text").asString()).contains("Backup failed");
                        assertThat(slackMessage.toString()).contains("files", "https://admin.example.com/backup-ui/");

                        JsonNode card = JSON.readTree(teams.await(1, WAIT).get(0).body());
                        assertThat(card.get("type").asString()).isEqualTo("message");
                        assertThat(card.get("attachments").get(0).get("contentType").asString()).isEqualTo("application/vnd.microsoft.card.adaptive");
                        assertThat(card.get("attachments").get(0).get("content").get("type").asString()).isEqualTo("AdaptiveCard");

                        HttpReceiver.Request hook = webhook.await(1, WAIT).get(0);
                        assertThat(verify(hook)).as("the Standard Webhooks signature verifies").isTrue();
                        assertThat(hook.header("X-Team")).isEqualTo("platform");
                        JsonNode body = JSON.readTree(hook.body());
                        assertThat(body.get("type").asString()).isEqualTo("backup-failed");
                        assertThat(body.get("data").get("service").asString()).isEqualTo("shop");
                        assertThat(body.get("data").get("sources").get(0).asString()).isEqualTo("files");
                        assertThat(body.get("data").get("error").asString()).contains("files");

                        assertThat(heartbeat.await(2, WAIT)).extracting(HttpReceiver.Request::path).containsExactly("/ping/uuid-1/start",
                                "/ping/uuid-1/fail");

                        awaitMails(2); // one message per recipient
                        MimeMessage mail = smtp.getReceivedMessages()[0];
                        assertThat(mail.getSubject()).contains("Backup failed", "shop");
                        assertThat(com.icegreen.greenmail.util.GreenMailUtil.getBody(mail)).contains("files");

                        // Then a success: everyone hears that it recovered.
                        Files.createDirectories(dir.resolve("files"));
                        Files.writeString(dir.resolve("files/a.txt"), "hello again");
                        BackupJob good = context.getBean(BackupService.class).trigger("api").completion().get();
                        assertThat(good.state()).isEqualTo(BackupJob.State.SUCCEEDED);
                        assertThat(JSON.readTree(slack.await(2, WAIT).get(1).body()).get("text").asString()).contains("recovered");
                        JsonNode recovered = JSON.readTree(webhook.await(2, WAIT).get(1).body());
                        assertThat(recovered.get("type").asString()).isEqualTo("recovered");
                        assertThat(recovered.get("data").get("backupId").asString()).isEqualTo(good.backupId());
                        assertThat(heartbeat.await(4, WAIT)).extracting(HttpReceiver.Request::path).endsWith("/ping/uuid-1/start", "/ping/uuid-1");
                        awaitMails(4);

                        Thread.sleep(500); // nothing more arrives: one alert per event and channel
                        assertThat(slack.requests()).hasSize(2);
                        assertThat(webhook.requests()).hasSize(2);
                        assertThat(teams.requests()).hasSize(2);
                    });
            assertThat(output.getAll()).doesNotContain("slackSecretToken123", SECRET, Base64.getEncoder().encodeToString(KEY), "teamsSig",
                    "uuid-1");
        }
    }

    @Test
    void anApplicationWhoseScheduleNeverFiresRaisesStaleExactlyOnce() throws Exception {
        try (HttpReceiver webhook = new HttpReceiver()) {
            runner("backup.health.max-age=2s", "backup.notifications.webhook.url=" + webhook.url("/hooks/backup"))
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        List<HttpReceiver.Request> received = webhook.await(1, WAIT);
                        JsonNode stale = JSON.readTree(received.get(0).body());
                        assertThat(stale.get("type").asString()).isEqualTo("stale");
                        assertThat(stale.get("data").get("error").asString()).contains("no backup", "max-age");
                        Thread.sleep(3_500); // three more watchdog ticks
                        assertThat(webhook.requests()).as("one stale alert per episode, not one per tick").hasSize(1);

                        BackupJob good = context.getBean(BackupService.class).trigger("api").completion().get();
                        assertThat(good.state()).isEqualTo(BackupJob.State.SUCCEEDED);
                        assertThat(JSON.readTree(webhook.await(2, WAIT).get(1).body()).get("type").asString()).isEqualTo("recovered");
                    });
        }
    }

    @Test
    void aReceiverAnswering500OrDownNeverFailsTheBackupIsRetriedAndCounted(CapturedOutput output) throws Exception {
        try (HttpReceiver slack = new HttpReceiver()) {
            slack.answerByDefault(Answer.of(500, "internal_error"));
            runner("backup.notifications.slack.webhook-url=" + slack.url(SLACK_PATH), "backup.notifications.slack.events=backup-succeeded",
                    "backup.notifications.heartbeat.url=" + HttpReceiver.closedPort("/ping/down"),
                    "backup.notifications.delivery.max-attempts=3")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        MeterRegistry meters = context.getBean(MeterRegistry.class);
                        context.getBean(NotificationMeter.class).bindTo(meters); // what Spring Boot's metrics auto-configuration does
                        assertThat(((PrometheusMeterRegistry) meters).scrape()).as("every channel's series from the start, at 0")
                                .contains("backup_notifications_total{channel=\"slack\",outcome=\"failure\"} 0.0",
                                        "backup_notifications_total{channel=\"heartbeat\",outcome=\"dropped\"} 0.0");
                        long started = System.nanoTime();
                        BackupJob job = context.getBean(BackupService.class).trigger("api").completion().get();
                        assertThat(job.state()).as(String.valueOf(job.error())).isEqualTo(BackupJob.State.SUCCEEDED);
                        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the backup does not wait for the channels")
                                .isLessThan(Duration.ofSeconds(10));
                        assertThat(slack.await(3, WAIT)).as("three attempts").hasSize(3);
                        org.awaitility.Awaitility.await().atMost(WAIT).untilAsserted(() -> {
                            assertThat(meters.find("backup.notifications").tags("channel", "slack", "outcome", "failure").counter())
                                    .isNotNull().satisfies(counter -> assertThat(counter.count()).isEqualTo(1.0));
                            assertThat(meters.find("backup.notifications").tags("channel", "heartbeat", "outcome", "failure").counter())
                                    .isNotNull();
                        });
                        assertThat(context.getBean(BackupService.class).history().lastBackupId()).isEqualTo(job.backupId());
                        assertThat(((PrometheusMeterRegistry) meters).scrape()).as("the series docs/monitoring names")
                                .contains("backup_notifications_total{channel=\"slack\",outcome=\"failure\"} 1.0");
                    });
            assertThat(output.getAll()).contains("slack").doesNotContain("slackSecretToken123");
        }
    }

    @Test
    void aMisspeltUrlOrEventStopsTheStartNamingThePropertyButNotTheValue() throws Exception {
        refused(runner("backup.notifications.slack.webhook-url=htps://hooks.slack.com/services/T0/B0/tokenInAMisspeltUrl"),
                "backup.notifications.slack.webhook-url", "https://", "tokenInAMisspeltUrl");
        refused(runner("backup.notifications.webhook.url=https://example.com/hook", "backup.notifications.webhook.events=backup-faild"),
                "backup.notifications.webhook.events", "did you mean 'backup-failed'", null);
        refused(runner("backup.notifications.webhook.url=https://example.com/hook", "backup.notifications.webhook.secret=notAWhsecSecretValue"),
                "backup.notifications.webhook.secret", "whsec_", "notAWhsecSecretValue");
        refused(runner("backup.notifications.email.to=ops@example.com"), "backup.notifications.email.to", "spring.mail.host", null);
        refused(runner("backup.notifications.slack.webhook-urll=https://hooks.slack.com/services/T0/B0/x"),
                "backup.notifications.slack.webhook-urll", "did you mean 'webhook-url'", null);
        refused(runner("backup.notifications.webhok.url=https://example.com/hook"), "backup.notifications.webhok",
                "did you mean 'webhook'", null);
        refused(runner("backup.notifications.slack.webhook-url=${NO_SUCH_SLACK_VARIABLE}"), "backup.notifications.slack.webhook-url",
                "set the environment variable NO_SUCH_SLACK_VARIABLE", null);
        refused(runner("backup.notifications.webhook.url=https://example.com/hook", "backup.notifications.webhook.secret=whsec_"
                + Base64.getEncoder().encodeToString("8 bytes!".getBytes(StandardCharsets.US_ASCII))), "backup.notifications.webhook.secret",
                "24 to 64 bytes", "OCBieXRlcyE=");
        refused(runner("backup.notifications.webhook.url=https://example.com/hook", "backup.notifications.webhook.headers.Host=evil.example"),
                "backup.notifications.webhook.headers.Host", "reserved name", "evil.example");
        refused(runner("backup.notifications.heartbeat.url=http://127.0.0.1:99999/ping/portSecret"), "backup.notifications.heartbeat.url",
                "port", "portSecret");
        refused(runner("backup.notifications.storage-low.free-below=ten percent"), "backup.notifications.storage-low.free-below", "10%", null);
    }

    /** The start stops with the property named and the fix in the message the failure analyzer shows; never the secret value. */
    private static void refused(ApplicationContextRunner runner, String property, String hint, @org.jspecify.annotations.Nullable String secret) {
        runner.run(context -> {
            Throwable root = context.getStartupFailure();
            while (root != null && !(root instanceof BackupPropertyException)) {
                root = root.getCause();
            }
            assertThat(root).as("a BackupPropertyException in " + context.getStartupFailure()).isInstanceOf(BackupPropertyException.class);
            BackupPropertyException refusal = (BackupPropertyException) root;
            assertThat(refusal.property()).isEqualTo(property);
            assertThat(refusal.getMessage() + " " + refusal.action()).contains(hint);
            if (secret != null) {
                assertThat(refusal.getMessage() + " " + refusal.action()).doesNotContain(secret);
            }
        });
    }

    @Test
    void testOnStartupSendsOneTestMessage() throws Exception {
        try (HttpReceiver webhook = new HttpReceiver()) {
            runner("backup.notifications.webhook.url=" + webhook.url("/hooks/backup"), "backup.notifications.test-on-startup=true",
                    "backup.notifications.heartbeat.url=" + webhook.url("/ping/test-check"))
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        assertThat(context).hasSingleBean(io.github.embeddedbackup.runtime.BackupNotifications.class);
                        assertThat(context.getBean(io.github.embeddedbackup.runtime.BackupNotifications.class).channels(io.github.embeddedbackup.core.notify.EventType.TEST)).containsExactly("webhook");
                        assertThat(JSON.readTree(webhook.await(1, WAIT).get(0).body()).get("type").asString()).isEqualTo("test");
                        Thread.sleep(500);
                        assertThat(webhook.requests()).as("the heartbeat is not pinged by a test: it would count as a run").hasSize(1);
                    });
        }
    }

    private static void awaitMails(int count) {
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> smtp.getReceivedMessages().length >= count);
    }

    /** The Standard Webhooks check, written from the specification: HMAC-SHA256 of "id.timestamp.body", base64, after "v1,". */
    private static boolean verify(HttpReceiver.Request request) throws Exception {
        String id = request.header("webhook-id");
        String timestamp = request.header("webhook-timestamp");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal((id + "." + timestamp + "." + request.body())
                .getBytes(StandardCharsets.UTF_8)));
        return List.of(request.header("webhook-signature").split(" ")).contains(expected)
                && Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)) < 300;
    }
}
