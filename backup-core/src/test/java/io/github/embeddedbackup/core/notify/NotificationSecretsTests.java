package io.github.embeddedbackup.core.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.testing.CapturedStderr;
import io.github.embeddedbackup.core.testing.HttpReceiver;
import io.github.embeddedbackup.core.testing.HttpReceiver.Answer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A Slack or Teams URL is a credential, as are a signing secret and extra headers: whatever goes
 * wrong, none of them may reach a log line, an exception message or a toString.
 */
class NotificationSecretsTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final String TOKEN_PATH = "/services/T000/B000/SECRETTOKEN";
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String HEADER_TOKEN = "HEADERTOKEN42";
    private static final List<String> NEVER_SHOWN = List.of("SECRETTOKEN", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", HEADER_TOKEN, "QUERYSECRET");

    @Test
    void noUrlSecretOrTokenAppearsWhateverFails() throws Exception {
        List<String> seen = new ArrayList<>();
        try (HttpReceiver failing = new HttpReceiver(); HttpReceiver refusing = new HttpReceiver(); HttpReceiver slow = new HttpReceiver()) {
            failing.answerByDefault(Answer.of(500, "internal error at " + TOKEN_PATH));
            refusing.answerByDefault(Answer.of(403, "invalid_token"));
            slow.delay(Duration.ofSeconds(3));
            List<NotificationChannel> channels = new ArrayList<>();
            for (URI url : List.of(failing.url(TOKEN_PATH + "?k=QUERYSECRET"), refusing.url(TOKEN_PATH), slow.url(TOKEN_PATH),
                    HttpReceiver.closedPort(TOKEN_PATH), URI.create("http://no-such-host.invalid" + TOKEN_PATH))) {
                channels.add(NotificationChannels.slack(url, EventType.DEFAULTS, TIMEOUT));
                channels.add(NotificationChannels.teams(url, EventType.DEFAULTS, TIMEOUT));
                channels.add(NotificationChannels.webhook(url, SECRET, Map.of("Authorization", "Bearer " + HEADER_TOKEN), EventType.DEFAULTS, TIMEOUT));
                channels.add(NotificationChannels.heartbeat(url, TIMEOUT));
            }
            for (NotificationChannel channel : channels) {
                seen.add(channel.toString());
                try {
                    channel.notifier().send(Events.failedBackup());
                } catch (DeliveryException e) {
                    seen.add(e.getMessage());
                }
            }
            try (CapturedStderr log = new CapturedStderr();
                    NotificationDispatcher dispatcher = new NotificationDispatcher(channels, new DeliverySettings(2, Duration.ofMillis(20), TIMEOUT, 10),
                            DeliveryListener.NONE)) {
                dispatcher.publish(Events.failedBackup());
                dispatcher.publish(Events.of(EventType.BACKUP_STARTED));
                assertThat(dispatcher.drain(Duration.ofSeconds(30))).isTrue();
                seen.addAll(log.lines());
            }
        }

        assertThat(seen).anySatisfy(line -> assertThat(line).contains("WARN", "'slack'"));
        assertThat(seen).anySatisfy(line -> assertThat(line).contains("timed out after 1 s"));
        assertThat(seen).anySatisfy(line -> assertThat(line).contains("cannot connect to the host of the webhook: connection refused"));
        assertThat(seen).anySatisfy(line -> assertThat(line).contains("cannot connect to the host of the Slack webhook: host name not found"));
        assertThat(seen).anySatisfy(line -> assertThat(line).contains("wrong or revoked"));
        for (String line : seen) {
            assertThat(line).doesNotContain(NEVER_SHOWN);
        }
    }
}
