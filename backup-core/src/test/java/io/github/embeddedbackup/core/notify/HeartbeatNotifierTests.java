package io.github.embeddedbackup.core.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.testing.HttpReceiver;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The pings a healthchecks.io-style monitor receives: /start, the base URL, /fail. */
class HeartbeatNotifierTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void startSuccessAndFailureGoToTheirPaths() throws Exception {
        try (HttpReceiver monitor = new HttpReceiver()) {
            HeartbeatNotifier heartbeat = new HeartbeatNotifier(monitor.url("/ping/5f1c"), NotificationChannels.httpClient(TIMEOUT), TIMEOUT);

            heartbeat.send(Events.of(EventType.BACKUP_STARTED));
            heartbeat.send(Events.succeededBackup());
            heartbeat.send(Events.failedBackup());

            assertThat(monitor.requests()).extracting(HttpReceiver.Request::path).containsExactly("/ping/5f1c/start", "/ping/5f1c", "/ping/5f1c/fail");
            assertThat(monitor.requests()).extracting(HttpReceiver.Request::method).containsOnly("POST");
            assertThat(monitor.requests().get(2).body()).contains("Backup failed", "password authentication failed");
        }
    }

    @Test
    void aFailedAttemptBeforeARetryEndsItsRunWithFail() throws Exception {
        try (HttpReceiver monitor = new HttpReceiver()) {
            HeartbeatNotifier heartbeat = new HeartbeatNotifier(monitor.url("/ping/5f1c"), NotificationChannels.httpClient(TIMEOUT), TIMEOUT);

            heartbeat.send(Events.of(EventType.ATTEMPT_FAILED));

            assertThat(monitor.requests()).extracting(HttpReceiver.Request::path).containsExactly("/ping/5f1c/fail");
        }
    }

    @Test
    void anUptimeKumaPushUrlGetsStatusUpOrDownWithAMessageAndNoStart() throws Exception {
        try (HttpReceiver kuma = new HttpReceiver()) {
            // As copied from Kuma's page: its own status, msg and ping parameters are replaced.
            HeartbeatNotifier heartbeat = new HeartbeatNotifier(kuma.url("/api/push/Tok3n?status=up&msg=OK&ping="),
                    NotificationChannels.httpClient(TIMEOUT), TIMEOUT);

            heartbeat.send(Events.of(EventType.BACKUP_STARTED));
            heartbeat.send(Events.succeededBackup());
            heartbeat.send(Events.failedBackup());

            assertThat(kuma.requests()).extracting(HttpReceiver.Request::method).containsOnly("GET");
            assertThat(kuma.requests()).extracting(HttpReceiver.Request::path).containsExactly("/api/push/Tok3n", "/api/push/Tok3n");
            assertThat(kuma.requests().get(0).query()).startsWith("status=up&msg=Backup").doesNotContain("ping");
            assertThat(kuma.requests().get(1).query()).startsWith("status=down&msg=Backup").contains("password");
        }
    }

    @Test
    void aCronitorUrlGetsTheStateParameter() throws Exception {
        assertThat(HeartbeatNotifier.Flavor.of(URI.create("https://cronitor.link/p/KEY/nightly-backup"))).isEqualTo(HeartbeatNotifier.Flavor.CRONITOR);
        assertThat(HeartbeatNotifier.Flavor.of(URI.create("https://hc-ping.com/5f1c"))).isEqualTo(HeartbeatNotifier.Flavor.HEALTHCHECKS);
        assertThat(HeartbeatNotifier.withQuery(URI.create("https://cronitor.link/p/KEY/job?env=prod&state=run"), java.util.List.of("state",
                "message"), "state=fail&message=x")).hasToString("https://cronitor.link/p/KEY/job?env=prod&state=fail&message=x");
    }

    @Test
    void aTrailingSlashIsDroppedAndTheQueryKept() throws Exception {
        try (HttpReceiver monitor = new HttpReceiver()) {
            HeartbeatNotifier heartbeat = new HeartbeatNotifier(monitor.url("/ping/5f1c/?create=1"), NotificationChannels.httpClient(TIMEOUT),
                    TIMEOUT);

            heartbeat.send(Events.of(EventType.BACKUP_STARTED));
            heartbeat.send(Events.of(EventType.BACKUP_SUCCEEDED));
            heartbeat.send(Events.of(EventType.BACKUP_FAILED));

            assertThat(monitor.requests()).extracting(r -> r.path() + "?" + r.query()).containsExactly("/ping/5f1c/start?create=1",
                    "/ping/5f1c?create=1", "/ping/5f1c/fail?create=1");
        }
    }

    @Test
    void otherEventsAreNotSent() throws Exception {
        try (HttpReceiver monitor = new HttpReceiver()) {
            HeartbeatNotifier heartbeat = new HeartbeatNotifier(monitor.url("/ping/5f1c"), NotificationChannels.httpClient(TIMEOUT), TIMEOUT);

            heartbeat.send(Events.of(EventType.RESTORE_FAILED));
            heartbeat.send(Events.of(EventType.STALE));

            assertThat(monitor.requests()).isEmpty();
            assertThat(HeartbeatNotifier.EVENTS).containsExactlyInAnyOrder(EventType.BACKUP_STARTED, EventType.BACKUP_SUCCEEDED,
                    EventType.ATTEMPT_FAILED, EventType.BACKUP_FAILED);
        }
    }

    @Test
    void aHugeErrorIsCutToTenKilobytes() throws Exception {
        try (HttpReceiver monitor = new HttpReceiver()) {
            NotificationEvent event = NotificationEvent.builder(EventType.BACKUP_FAILED, "svc", "host", Events.TIME).error("é".repeat(50_000)).build();
            new HeartbeatNotifier(monitor.url("/ping/x"), NotificationChannels.httpClient(TIMEOUT), TIMEOUT).send(event);

            assertThat(monitor.requests().get(0).body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isBetween(9_000, 10_000);
            assertThat(monitor.requests().get(0).body()).endsWith("…");
        }
    }

    @Test
    void targetsKeepAnEncodedPathAndQueryAsTheyWere() throws Exception {
        URI base = URI.create("https://hc-ping.com/abc%2Fdef/?x=a%20b");
        assertThat(HeartbeatNotifier.target(base, "/fail")).hasToString("https://hc-ping.com/abc%2Fdef/fail?x=a%20b");
    }
}
