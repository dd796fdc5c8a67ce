package io.github.embeddedbackup.core.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.testing.CapturedStderr;
import io.github.embeddedbackup.core.testing.HttpReceiver;
import io.github.embeddedbackup.core.testing.HttpReceiver.Answer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Delivery as a user sees it: retried when it may help, never blocking the backup, counted, and logged once per outage. */
class NotificationDispatcherTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final DeliverySettings FAST = new DeliverySettings(4, Duration.ofMillis(50), TIMEOUT, 10);

    private final List<String> outcomes = new CopyOnWriteArrayList<>();
    private final DeliveryListener listener = (channel, type, outcome) -> outcomes.add(channel + " " + type + " " + outcome);

    @Test
    void twoServerErrorsThenSuccessIsDeliveredOnTheThirdAttempt() throws Exception {
        try (HttpReceiver receiver = new HttpReceiver(); NotificationDispatcher dispatcher = dispatcher(FAST, webhook("webhook", receiver.url("/h")))) {
            receiver.thenAnswer(Answer.of(500, ""), Answer.of(500, ""));

            dispatcher.publish(Events.failedBackup());

            assertThat(dispatcher.drain(Duration.ofSeconds(10))).isTrue();
            assertThat(receiver.requests()).hasSize(3);
            assertThat(outcomes).containsExactly("webhook backup-failed success");
        }
    }

    @Test
    void aRefusalIsNotRetried() throws Exception {
        try (HttpReceiver receiver = new HttpReceiver(); NotificationDispatcher dispatcher = dispatcher(FAST, webhook("webhook", receiver.url("/h")))) {
            receiver.answerByDefault(Answer.of(400, "bad payload"));

            dispatcher.publish(Events.failedBackup());

            assertThat(dispatcher.drain(Duration.ofSeconds(10))).isTrue();
            assertThat(receiver.requests()).hasSize(1);
            assertThat(outcomes).containsExactly("webhook backup-failed failure");
        }
    }

    @Test
    void tooManyRequestsIsRetriedAfterTheWaitTheReceiverAskedFor() throws Exception {
        try (HttpReceiver receiver = new HttpReceiver(); NotificationDispatcher dispatcher = dispatcher(FAST, webhook("webhook", receiver.url("/h")))) {
            receiver.thenAnswer(new Answer(429, "", Map.of("Retry-After", "1")));

            long start = System.nanoTime();
            dispatcher.publish(Events.failedBackup());
            assertThat(dispatcher.drain(Duration.ofSeconds(10))).isTrue();

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
            assertThat(receiver.requests()).hasSize(2);
            assertThat(outcomes).containsExactly("webhook backup-failed success");
        }
    }

    @Test
    void aReceiverThatIsDownIsRetriedThenCountedAsAFailure() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        WebhookNotifier down = new WebhookNotifier(HttpReceiver.closedPort("/h"), null, Map.of(), NotificationChannels.httpClient(TIMEOUT), TIMEOUT);
        NotificationChannel channel = new NotificationChannel("webhook", event -> {
            calls.incrementAndGet();
            down.send(event);
        }, EventType.DEFAULTS);
        try (NotificationDispatcher dispatcher = dispatcher(new DeliverySettings(3, Duration.ofMillis(50), TIMEOUT, 10), channel)) {
            dispatcher.publish(Events.failedBackup());

            assertThat(dispatcher.drain(Duration.ofSeconds(10))).isTrue();
            assertThat(calls.get()).isEqualTo(3);
            assertThat(outcomes).containsExactly("webhook backup-failed failure");
        }
    }

    @Test
    void aChannelThatHangsDelaysNeitherTheCallerNorAnotherChannel() throws Exception {
        try (HttpReceiver stuck = new HttpReceiver().block(); HttpReceiver healthy = new HttpReceiver();
                NotificationDispatcher dispatcher = dispatcher(FAST, webhook("stuck", stuck.url("/h")), webhook("healthy", healthy.url("/h")))) {
            long start = System.nanoTime();
            dispatcher.publish(Events.failedBackup());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(200));

            healthy.await(1, Duration.ofSeconds(5));
            stuck.await(1, Duration.ofSeconds(5));
            awaitOutcomes(1);
            assertThat(dispatcher.drain(Duration.ofMillis(300))).isFalse(); // the stuck one is still in flight
            assertThat(outcomes).containsExactly("healthy backup-failed success");

            stuck.release();
            assertThat(dispatcher.drain(Duration.ofSeconds(5))).isTrue();
            assertThat(outcomes).containsExactlyInAnyOrder("healthy backup-failed success", "stuck backup-failed success");
        }
    }

    @Test
    void aFullQueueDropsTheEventAndCountsIt() throws Exception {
        try (HttpReceiver stuck = new HttpReceiver().block();
                NotificationDispatcher dispatcher = dispatcher(new DeliverySettings(1, Duration.ofMillis(50), TIMEOUT, 1), webhook("webhook",
                        stuck.url("/h")))) {
            dispatcher.publish(Events.failedBackup());
            stuck.await(1, Duration.ofSeconds(5)); // the first is in flight
            dispatcher.publish(Events.failedBackup()); // queued
            dispatcher.publish(Events.failedBackup()); // no room

            assertThat(outcomes).containsExactly("webhook backup-failed dropped");
            stuck.release();
            assertThat(dispatcher.drain(Duration.ofSeconds(5))).isTrue();
            assertThat(stuck.requests()).hasSize(2);
            assertThat(outcomes).containsExactly("webhook backup-failed dropped", "webhook backup-failed success", "webhook backup-failed success");
        }
    }

    @Test
    void drainReturnsOnlyOnceTheMessageHasLeft() throws Exception {
        try (HttpReceiver slow = new HttpReceiver().delay(Duration.ofMillis(400));
                NotificationDispatcher dispatcher = dispatcher(FAST, webhook("webhook", slow.url("/h")))) {
            dispatcher.publish(Events.failedBackup());

            assertThat(dispatcher.drain(Duration.ofSeconds(5))).isTrue();
            assertThat(slow.requests()).hasSize(1);
            assertThat(outcomes).containsExactly("webhook backup-failed success");
        }
    }

    @Test
    void onlyTheEventsAChannelWantsReachIt() throws Exception {
        try (HttpReceiver receiver = new HttpReceiver();
                NotificationDispatcher dispatcher = dispatcher(FAST, new NotificationChannel("webhook", new WebhookNotifier(receiver.url("/h"), null,
                        Map.of(), NotificationChannels.httpClient(TIMEOUT), TIMEOUT), Set.of(EventType.RESTORE_FAILED)))) {
            dispatcher.publish(Events.failedBackup());
            dispatcher.publish(Events.of(EventType.RESTORE_FAILED));

            assertThat(dispatcher.drain(Duration.ofSeconds(5))).isTrue();
            assertThat(receiver.requests()).hasSize(1);
            assertThat(receiver.requests().get(0).body()).contains("\"type\":\"restore-failed\"");
            assertThat(dispatcher.channelNames()).containsExactly("webhook");
        }
    }

    @Test
    void aFailingChannelWarnsOnceThenSaysWhenItDeliversAgain() throws Exception {
        try (HttpReceiver receiver = new HttpReceiver(); CapturedStderr log = new CapturedStderr();
                NotificationDispatcher dispatcher = dispatcher(FAST, webhook("ops-hook", receiver.url("/h")))) {
            receiver.answerByDefault(Answer.of(400, "bad"));
            for (int i = 0; i < 3; i++) {
                dispatcher.publish(Events.failedBackup());
            }
            assertThat(dispatcher.drain(Duration.ofSeconds(10))).isTrue();
            receiver.answerByDefault(Answer.of(200, "ok"));
            dispatcher.publish(Events.failedBackup());
            assertThat(dispatcher.drain(Duration.ofSeconds(10))).isTrue();

            List<String> lines = log.lines().stream().filter(line -> line.contains("ops-hook")).toList();
            assertThat(lines.stream().filter(line -> line.contains("] WARN "))).singleElement().asString()
                    .contains("'ops-hook'", "backup-failed", "1 attempt", "HTTP 400");
            assertThat(lines.stream().filter(line -> line.contains("] DEBUG ") && line.contains("could not deliver"))).hasSize(2);
            assertThat(lines.stream().filter(line -> line.contains("] INFO "))).singleElement().asString().contains("delivered again");
        }
    }

    @Test
    void aNotifierThatThrowsSomethingElseIsNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        NotificationChannel broken = new NotificationChannel("bean", event -> {
            calls.incrementAndGet();
            throw new IllegalStateException("bug");
        }, EventType.DEFAULTS);
        try (NotificationDispatcher dispatcher = dispatcher(FAST, broken)) {
            dispatcher.publish(Events.failedBackup());
            assertThat(dispatcher.drain(Duration.ofSeconds(5))).isTrue();
        }
        assertThat(calls.get()).isEqualTo(1);
        assertThat(outcomes).containsExactly("bean backup-failed failure");
    }

    @Test
    void afterCloseAnEventIsDroppedNotLost() {
        NotificationDispatcher dispatcher = dispatcher(FAST, new NotificationChannel("bean", event -> {}, EventType.DEFAULTS));
        dispatcher.close();

        dispatcher.publish(Events.failedBackup());

        assertThat(outcomes).containsExactly("bean backup-failed dropped");
    }

    private void awaitOutcomes(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (outcomes.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private NotificationDispatcher dispatcher(DeliverySettings settings, NotificationChannel... channels) {
        return new NotificationDispatcher(List.of(channels), settings, listener);
    }

    private static NotificationChannel webhook(String name, URI url) {
        return new NotificationChannel(name, new WebhookNotifier(url, null, Map.of(), NotificationChannels.httpClient(TIMEOUT), TIMEOUT),
                EventType.DEFAULTS);
    }
}
