package io.github.embeddedbackup.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.embeddedbackup.core.testing.HttpReceiver;
import io.github.embeddedbackup.core.testing.HttpReceiver.Answer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What a generic webhook receives: the documented JSON, signed so a receiver can check it came from us. */
class WebhookNotifierTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Test
    void theBodyHoldsTypeTimestampAndEveryFactAsDocumented() throws Exception {
        try (HttpReceiver receiver = new HttpReceiver()) {
            NotificationEvent event = Events.failedBackup();
            new WebhookNotifier(receiver.url("/hooks/backup"), null, Map.of("Authorization", "Bearer TOKEN123"),
                    NotificationChannels.httpClient(TIMEOUT), TIMEOUT).send(event);

            HttpReceiver.Request request = receiver.requests().get(0);
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.header("Content-Type")).startsWith("application/json");
            assertThat(request.header("Authorization")).isEqualTo("Bearer TOKEN123");
            assertThat(request.header("webhook-signature")).isNull();

            JsonNode body = JSON.readTree(request.body());
            assertThat(names(body)).containsExactly("type", "timestamp", "data");
            assertThat(body.get("type").asString()).isEqualTo("backup-failed");
            assertThat(body.get("timestamp").asString()).isEqualTo("2026-11-30T03:00:12Z");
            JsonNode data = body.get("data");
            assertThat(data.get("id").asString()).isEqualTo(event.id());
            assertThat(data.get("service").asString()).isEqualTo("my-service");
            assertThat(data.get("host").asString()).isEqualTo("db-host-1");
            assertThat(data.get("backupId").asString()).isEqualTo("2026-11-30T030000Z-a1b2");
            assertThat(data.get("sources").get(1).asString()).isEqualTo("uploads");
            assertThat(data.get("destinations").get(0).asString()).isEqualTo("s3-eu");
            assertThat(data.get("size").asLong()).isEqualTo(1_572_864L);
            assertThat(data.get("durationSeconds").asDouble()).isEqualTo(72.0);
            assertThat(data.get("nextRun").asString()).isEqualTo("2026-12-01T03:00:00Z");
            assertThat(data.get("error").asString()).contains("password authentication failed");
            assertThat(data.get("link").asString()).isEqualTo("https://admin.example.com/backups");
            assertThat(data.get("details").get("attempts").asString()).isEqualTo("3");
        }
    }

    @Test
    void missingFactsAreLeftOutNotSentAsNull() throws Exception {
        try (HttpReceiver receiver = new HttpReceiver()) {
            new WebhookNotifier(receiver.url("/hook"), null, Map.of(), NotificationChannels.httpClient(TIMEOUT), TIMEOUT)
                    .send(Events.succeededBackup());

            JsonNode data = JSON.readTree(receiver.requests().get(0).body()).get("data");
            assertThat(names(data)).containsExactly("id", "service", "host", "backupId", "sources", "destinations", "size", "details");
            assertThat(receiver.requests().get(0).body()).doesNotContain("null");
        }
    }

    @Test
    void aSignedRequestVerifiesAsTheSpecificationSays() throws Exception {
        try (HttpReceiver receiver = new HttpReceiver()) {
            NotificationEvent event = Events.failedBackup();
            new WebhookNotifier(receiver.url("/hook"), SECRET, Map.of(), NotificationChannels.httpClient(TIMEOUT), TIMEOUT).send(event);

            HttpReceiver.Request request = receiver.requests().get(0);
            assertThat(request.header("webhook-id")).isEqualTo(event.id());
            long timestamp = Long.parseLong(request.header("webhook-timestamp"));
            assertThat(Math.abs(Instant.now().getEpochSecond() - timestamp)).isLessThan(60);
            assertThat(SpecVerifier.verify(SECRET, request)).isTrue();

            HttpReceiver.Request tampered = new HttpReceiver.Request(request.method(), request.path(), request.query(), request.headers(),
                    request.body().replace("my-service", "my-servicf"));
            assertThat(SpecVerifier.verify(SECRET, tampered)).isFalse();
            assertThat(SpecVerifier.verify("whsec_" + Base64.getEncoder().encodeToString("another key".getBytes(StandardCharsets.UTF_8)), request))
                    .isFalse();
        }
    }

    @Test
    void aRetryKeepsTheIdAndSignsItsOwnTimestamp() throws Exception {
        List<Long> seconds = new CopyOnWriteArrayList<>(List.of(1_700_000_000L, 1_700_000_003L));
        java.time.Clock clock = new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochSecond(seconds.remove(0));
            }
        };
        try (HttpReceiver receiver = new HttpReceiver()) {
            receiver.thenAnswer(Answer.of(500, ""));
            NotificationEvent event = Events.failedBackup();
            WebhookNotifier notifier = new WebhookNotifier(receiver.url("/hook"), SECRET, Map.of(), NotificationChannels.httpClient(TIMEOUT),
                    TIMEOUT, clock);
            try (NotificationDispatcher dispatcher = new NotificationDispatcher(List.of(new NotificationChannel("webhook", notifier,
                    EventType.DEFAULTS)), new DeliverySettings(3, Duration.ofMillis(20), TIMEOUT, 10), DeliveryListener.NONE)) {
                dispatcher.publish(event);
                assertThat(dispatcher.drain(Duration.ofSeconds(10))).isTrue();
            }

            List<HttpReceiver.Request> requests = receiver.requests();
            assertThat(requests).hasSize(2);
            assertThat(requests).extracting(r -> r.header("webhook-id")).containsOnly(event.id());
            assertThat(requests).extracting(r -> r.header("webhook-timestamp")).containsExactly("1700000000", "1700000003");
            assertThat(requests).allSatisfy(r -> assertThat(SpecVerifier.verify(SECRET, r)).isTrue());
        }
    }

    @Test
    void aBadHeaderIsRefusedWithoutEchoingItsValue() {
        assertThatThrownBy(() -> new WebhookNotifier(java.net.URI.create("https://example.com/h"), null, Map.of("X-Token", "TOKEN\nINJECTED"),
                NotificationChannels.httpClient(TIMEOUT), TIMEOUT)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("X-Token")
                .message().doesNotContain("TOKEN\n", "INJECTED");
    }

    @Test
    void aUrlThatIsNotHttpIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> new WebhookNotifier(java.net.URI.create("ftp://example.com/SECRETPATH"), null, Map.of(),
                NotificationChannels.httpClient(TIMEOUT), TIMEOUT)).isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain("SECRETPATH");
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }

    /**
     * A receiver's check, written from the Standard Webhooks specification rather than from the
     * signer: the key is the base64 after {@code whsec_}; the signed content is
     * {@code msg_id.timestamp.body}; the header holds space-separated {@code v1,BASE64} signatures.
     */
    static final class SpecVerifier {

        static boolean verify(String secret, HttpReceiver.Request request) throws Exception {
            byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
            String content = request.header("webhook-id") + "." + request.header("webhook-timestamp") + "." + request.body();
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] expected = mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
            for (String signature : request.header("webhook-signature").split(" ")) {
                String[] parts = signature.split(",", 2);
                if (parts.length == 2 && parts[0].equals("v1") && MessageDigest.isEqual(Base64.getDecoder().decode(parts[1]), expected)) {
                    return true;
                }
            }
            return false;
        }
    }
}
