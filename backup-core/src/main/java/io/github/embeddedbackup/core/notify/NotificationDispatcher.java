package io.github.embeddedbackup.core.notify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands events to their channels off the caller's thread. Each channel has its own bounded queue
 * and daemon thread, so a slow or dead receiver never delays the backup nor another channel; a
 * full queue drops the event. Each event is tried up to {@link DeliverySettings#attempts()} times
 * on a network error, HTTP 5xx or 429, with a doubling pause; a refusal (another 4xx) is final.
 */
public final class NotificationDispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NotificationDispatcher.class);
    private static final Duration CLOSE_DRAIN = Duration.ofSeconds(2);

    private final List<ChannelWorker> workers = new ArrayList<>();
    private final Object idle = new Object();
    private volatile boolean closed;

    public NotificationDispatcher(List<NotificationChannel> channels, DeliverySettings settings, DeliveryListener listener) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(listener, "listener");
        for (NotificationChannel channel : channels) {
            workers.add(new ChannelWorker(channel, settings, listener, idle));
        }
        workers.forEach(ChannelWorker::start);
    }

    /**
     * Queues {@code event} for every channel that wants its type. Never blocks and never throws:
     * a notification must not fail the thing it reports.
     */
    public void publish(NotificationEvent event) {
        try {
            for (ChannelWorker worker : workers) {
                if (worker.channel().wants(event.type())) {
                    worker.offer(event, closed);
                }
            }
        } catch (RuntimeException e) {
            log.debug("Could not queue the {} notification: {}", event.type(), e.toString());
        }
    }

    /**
     * Waits until every queue is empty and no delivery is under way (retries included).
     *
     * @return false when {@code timeout} passed first
     */
    public boolean drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (!workers.stream().allMatch(ChannelWorker::idle)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    idle.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** The names of the channels that are sent events of {@code type}. */
    public List<String> channelNames(EventType type) {
        return workers.stream().filter(worker -> worker.channel().wants(type)).map(worker -> worker.channel().name()).toList();
    }

    /** The channels' names, in the order given. */
    public List<String> channelNames() {
        return workers.stream().map(worker -> worker.channel().name()).toList();
    }

    /** Gives pending deliveries two seconds, then stops the threads; what is still queued is counted as dropped. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        drain(CLOSE_DRAIN);
        workers.forEach(ChannelWorker::stop);
    }
}
