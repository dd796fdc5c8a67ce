package io.github.embeddedbackup.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.embeddedbackup.core.testing.HttpReceiver;
import io.github.embeddedbackup.core.testing.HttpReceiver.Answer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What a Slack incoming webhook receives: Block Kit within Slack's limits, and what its refusals mean. */
class SlackNotifierTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void aFailedBackupArrivesAsAHeaderTheFactsTheErrorTheDetailsAndAButton() throws Exception {
        try (HttpReceiver slack = new HttpReceiver()) {
            new SlackNotifier(slack.url("/services/T000/B000/SECRETTOKEN"), NotificationChannels.httpClient(TIMEOUT), TIMEOUT)
                    .send(Events.failedBackup());

            HttpReceiver.Request request = slack.requests().get(0);
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.header("Content-Type")).startsWith("application/json");
            JsonNode message = JSON.readTree(request.body());

            assertThat(message.get("text").asString()).contains("Backup failed — my-service", "db-host-1", "password authentication failed")
                    .doesNotContain("\n");
            JsonNode blocks = message.get("blocks");
            assertThat(blocks.get(0).get("type").asString()).isEqualTo("header");
            assertThat(blocks.get(0).get("text").get("type").asString()).isEqualTo("plain_text");
            assertThat(blocks.get(0).get("text").get("text").asString()).isEqualTo("❌ Backup failed — my-service");

            JsonNode fields = blocks.get(1).get("fields");
            assertThat(blocks.get(1).get("type").asString()).isEqualTo("section");
            List<String> texts = new ArrayList<>();
            fields.forEach(field -> {
                assertThat(field.get("type").asString()).isEqualTo("mrkdwn");
                texts.add(field.get("text").asString());
            });
            assertThat(texts).containsExactly("*Service*\nmy-service", "*Host*\ndb-host-1", "*Event*\nbackup-failed",
                    "*Time*\n2026-11-30T03:00:12Z", "*Backup*\n2026-11-30T030000Z-a1b2", "*Sources*\nmain-db, uploads", "*Destinations*\ns3-eu, local",
                    "*Size*\n1.5 MiB", "*Duration*\n1 min 12 s", "*Next run*\n2026-12-01T03:00:00Z");

            assertThat(blocks.get(2).get("text").get("text").asString()).contains("password authentication failed");
            assertThat(blocks.get(3).get("type").asString()).isEqualTo("context");
            assertThat(blocks.get(3).get("elements").get(0).get("text").asString()).contains("*attempts*: 3", "*trigger*: schedule");
            assertThat(blocks.get(4).get("type").asString()).isEqualTo("actions");
            assertThat(blocks.get(4).get("elements").get(0).get("url").asString()).isEqualTo("https://admin.example.com/backups");
        }
    }

    @Test
    void aSuccessHasNoErrorSectionAndOnlyTheFactsItHas() throws Exception {
        try (HttpReceiver slack = new HttpReceiver()) {
            new SlackNotifier(slack.url("/hook"), NotificationChannels.httpClient(TIMEOUT), TIMEOUT).send(Events.succeededBackup());

            JsonNode blocks = JSON.readTree(slack.requests().get(0).body()).get("blocks");
            assertThat(blocks.get(0).get("text").get("text").asString()).isEqualTo("✅ Backup succeeded — my-service");
            assertThat(blocks.get(1).get("fields")).hasSize(6);
            assertThat(blocks).hasSize(2);
        }
    }

    @Test
    void longTextsAreCutToSlacksLimitsSoTheMessageIsNotRefused() throws Exception {
        String longName = "service-".repeat(40);
        NotificationEvent event = NotificationEvent.builder(EventType.BACKUP_FAILED, longName, "host", Events.TIME).error("x".repeat(10_000))
                .sources(List.of("s".repeat(5000))).build();
        try (HttpReceiver slack = new HttpReceiver()) {
            new SlackNotifier(slack.url("/hook"), NotificationChannels.httpClient(TIMEOUT), TIMEOUT).send(event);

            JsonNode blocks = JSON.readTree(slack.requests().get(0).body()).get("blocks");
            assertThat(blocks.get(0).get("text").get("text").asString()).hasSizeLessThanOrEqualTo(150).endsWith("…");
            blocks.get(1).get("fields").forEach(field -> assertThat(field.get("text").asString()).hasSizeLessThanOrEqualTo(2000));
            assertThat(blocks.get(2).get("text").get("text").asString()).hasSizeLessThanOrEqualTo(3000).endsWith("…```");
        }
    }

    @Test
    void aRevokedWebhookIsAFinalFailureThatSaysSoWithoutTheUrl() throws Exception {
        try (HttpReceiver slack = new HttpReceiver()) {
            slack.answerByDefault(Answer.of(404, "no_service"));
            SlackNotifier notifier = new SlackNotifier(slack.url("/services/T000/B000/SECRETTOKEN"), NotificationChannels.httpClient(TIMEOUT),
                    TIMEOUT);

            assertThatThrownBy(() -> notifier.send(Events.failedBackup())).isInstanceOfSatisfying(DeliveryException.class, e -> {
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage()).contains("HTTP 404", "no_service", "wrong or revoked").doesNotContain("SECRETTOKEN", "/services");
            });
        }
    }

    @Test
    void aServerErrorIsWorthRetrying() throws Exception {
        try (HttpReceiver slack = new HttpReceiver()) {
            slack.answerByDefault(new Answer(503, "", java.util.Map.of("Retry-After", "2")));
            SlackNotifier notifier = new SlackNotifier(slack.url("/hook"), NotificationChannels.httpClient(TIMEOUT), TIMEOUT);

            assertThatThrownBy(() -> notifier.send(Events.failedBackup())).isInstanceOfSatisfying(DeliveryException.class, e -> {
                assertThat(e.retryable()).isTrue();
                assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
                assertThat(e.getMessage()).isEqualTo("the Slack webhook answered HTTP 503");
            });
        }
    }
}
