package io.github.embeddedbackup.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.embeddedbackup.core.testing.HttpReceiver;
import io.github.embeddedbackup.core.testing.HttpReceiver.Answer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What a Teams Workflows webhook receives: an Adaptive Card in a message, never the retired MessageCard. */
class TeamsNotifierTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void aFailedBackupArrivesAsAnAdaptiveCardWithTitleFactsErrorAndLink() throws Exception {
        try (HttpReceiver teams = new HttpReceiver()) {
            teams.answerByDefault(Answer.of(202, "")); // what Workflows answers
            new TeamsNotifier(teams.url("/workflows/abc/triggers/manual/paths/invoke?sig=SECRET"), NotificationChannels.httpClient(TIMEOUT),
                    TIMEOUT).send(Events.failedBackup());

            String body = teams.requests().get(0).body();
            JsonNode message = JSON.readTree(body);
            assertThat(message.get("type").asString()).isEqualTo("message");
            JsonNode attachment = message.get("attachments").get(0);
            assertThat(attachment.get("contentType").asString()).isEqualTo("application/vnd.microsoft.card.adaptive");
            assertThat(attachment.has("contentUrl")).isTrue();
            assertThat(attachment.get("contentUrl").isNull()).isTrue();
            JsonNode card = attachment.get("content");
            assertThat(card.get("$schema").asString()).isEqualTo("http://adaptivecards.io/schemas/adaptive-card.json");
            assertThat(card.get("type").asString()).isEqualTo("AdaptiveCard");
            assertThat(card.get("version").asString()).isEqualTo("1.4");

            JsonNode title = card.get("body").get(0);
            assertThat(title.get("type").asString()).isEqualTo("TextBlock");
            assertThat(title.get("text").asString()).isEqualTo("Backup failed — my-service");
            assertThat(title.get("size").asString()).isEqualTo("Large");
            assertThat(title.get("weight").asString()).isEqualTo("Bolder");
            assertThat(title.get("color").asString()).isEqualTo("Attention");

            JsonNode factSet = card.get("body").get(1);
            assertThat(factSet.get("type").asString()).isEqualTo("FactSet");
            Map<String, String> facts = new LinkedHashMap<>();
            factSet.get("facts").forEach(fact -> facts.put(fact.get("title").asString(), fact.get("value").asString()));
            assertThat(facts).containsEntry("Service", "my-service").containsEntry("Host", "db-host-1").containsEntry("Size", "1.5 MiB")
                    .containsEntry("Duration", "1 min 12 s").containsEntry("attempts", "3");

            JsonNode error = card.get("body").get(2);
            assertThat(error.get("type").asString()).isEqualTo("TextBlock");
            assertThat(error.get("wrap").asBoolean()).isTrue();
            assertThat(error.get("text").asString()).contains("password authentication failed");

            JsonNode action = card.get("actions").get(0);
            assertThat(action.get("type").asString()).isEqualTo("Action.OpenUrl");
            assertThat(action.get("url").asString()).isEqualTo("https://admin.example.com/backups");

            // The Office 365 connector format was retired; none of its fields may appear.
            assertThat(body).doesNotContain("MessageCard", "@type", "@context", "themeColor", "sections", "potentialAction");
        }
    }

    @Test
    void aSuccessIsNotShownInTheAttentionColourAndHasNoLinkWhenNoneIsSet() throws Exception {
        try (HttpReceiver teams = new HttpReceiver()) {
            new TeamsNotifier(teams.url("/invoke"), NotificationChannels.httpClient(TIMEOUT), TIMEOUT).send(Events.succeededBackup());

            JsonNode card = JSON.readTree(teams.requests().get(0).body()).get("attachments").get(0).get("content");
            assertThat(card.get("body").get(0).has("color")).isFalse();
            assertThat(card.get("body")).hasSize(2);
            assertThat(card.has("actions")).isFalse();
        }
    }

    @Test
    void aDisabledWorkflowIsAFinalFailureWithoutTheUrl() throws Exception {
        try (HttpReceiver teams = new HttpReceiver()) {
            teams.answerByDefault(Answer.of(404, "{\"error\":{\"code\":\"WorkflowNotFound\"}}"));
            TeamsNotifier notifier = new TeamsNotifier(teams.url("/workflows/abc?sig=SECRETSIG"), NotificationChannels.httpClient(TIMEOUT), TIMEOUT);

            assertThatThrownBy(() -> notifier.send(Events.failedBackup())).isInstanceOfSatisfying(DeliveryException.class, e -> {
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage()).contains("HTTP 404", "Teams workflow URL is wrong").doesNotContain("SECRETSIG", "workflows/abc");
            });
        }
    }
}
