package io.github.embeddedbackup.core.notify;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One channel's queue and delivery thread: retries, the outcome, and the once-per-outage warning. */
final class ChannelWorker {

    private static final Logger log = LoggerFactory.getLogger(NotificationDispatcher.class);
    /** A receiver's Retry-After is honoured up to this long; a longer wait would hold up the queue. */
    private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(5);

    private final NotificationChannel channel;
    private final DeliverySettings settings;
    private final DeliveryListener listener;
    private final Object idle;
    private final BlockingQueue<NotificationEvent> queue;
    /** Queued plus in flight: zero means idle. */
    private final AtomicInteger pending = new AtomicInteger();
    /** Whether the queue is full and the drop was already logged. */
    private volatile boolean dropping;
    private final Thread thread;
    private volatile boolean running = true;
    /** Whether the last delivery failed; only the delivery thread reads and writes it. */
    private boolean failing;

    ChannelWorker(NotificationChannel channel, DeliverySettings settings, DeliveryListener listener, Object idle) {
        this.channel = channel;
        this.settings = settings;
        this.listener = listener;
        this.idle = idle;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.thread = new Thread(this::run, "backup-notify-" + channel.name());
        this.thread.setDaemon(true);
    }

    NotificationChannel channel() {
        return channel;
    }

    void start() {
        thread.start();
    }

    void offer(NotificationEvent event, boolean closed) {
        pending.incrementAndGet();
        if (closed || !queue.offer(event)) {
            done();
            if (!closed && !dropping) {
                dropping = true; // once until the queue has room again
                log.warn("Notification channel '{}' drops events: its queue of {} is full (the receiver is slow or down); they are counted "
                        + "as dropped", channel.name(), queue.remainingCapacity() + queue.size());
            } else {
                log.debug("Notification channel '{}' dropped a {} event: {}", channel.name(), event.type(), closed ? "closed" : "its queue is full");
            }
            tell(event.type(), DeliveryListener.DROPPED);
        } else {
            dropping = false;
        }
    }

    boolean idle() {
        return pending.get() == 0;
    }

    void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<NotificationEvent> left = new ArrayList<>();
        queue.drainTo(left);
        if (!left.isEmpty() || !idle()) {
            log.warn("Notification channel '{}' could not deliver {} event(s) before the application stopped ({}); they are counted as dropped",
                    channel.name(), left.size() + (idle() ? 0 : 1), String.join(", ", left.stream().map(e -> e.type().id()).toList()));
        }
        for (NotificationEvent event : left) {
            done();
            tell(event.type(), DeliveryListener.DROPPED);
        }
    }

    private void run() {
        while (running) {
            NotificationEvent event;
            try {
                event = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                deliver(event);
            } finally {
                done();
            }
        }
    }

    private void deliver(NotificationEvent event) {
        int attempt = 0;
        while (true) {
            attempt++;
            try {
                channel.notifier().send(event);
                succeeded(event, attempt);
                return;
            } catch (InterruptedException e) {
                failed(event, attempt, "interrupted while stopping");
                return;
            } catch (Exception e) {
                if (attempt >= settings.attempts() || !retryable(e)) {
                    failed(event, attempt, describe(e));
                    return;
                }
                log.debug("Notification channel '{}': attempt {} for {} failed, trying again: {}", channel.name(), attempt, event.type(),
                        describe(e));
                if (!pause(wait(e, attempt))) {
                    failed(event, attempt, describe(e));
                    return;
                }
            }
        }
    }

    private void succeeded(NotificationEvent event, int attempt) {
        if (failing) {
            failing = false;
            log.info("Notification channel '{}' delivered again ({}, attempt {}).", channel.name(), event.type(), attempt);
        } else {
            log.debug("Notification channel '{}' delivered {} (attempt {}).", channel.name(), event.type(), attempt);
        }
        tell(event.type(), DeliveryListener.SUCCESS);
    }

    private void failed(NotificationEvent event, int attempts, String reason) {
        String text = "Notification channel '{}' could not deliver {} after {} attempt{}: {}";
        String plural = attempts == 1 ? "" : "s";
        if (failing) {
            log.debug(text, channel.name(), event.type(), attempts, plural, reason);
        } else {
            failing = true;
            log.warn(text + " (further failures of this channel are logged at DEBUG until it delivers again)", channel.name(), event.type(),
                    attempts, plural, reason);
        }
        tell(event.type(), DeliveryListener.FAILURE);
    }

    private static boolean retryable(Exception e) {
        return e instanceof IOException || e instanceof DeliveryException delivery && delivery.retryable();
    }

    private Duration wait(Exception e, int attempt) {
        Duration backoff = settings.backoffAfter(attempt);
        if (e instanceof DeliveryException delivery && delivery.retryAfter().isPresent()) {
            Duration asked = delivery.retryAfter().get();
            Duration capped = asked.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : asked;
            return capped.compareTo(backoff) > 0 ? capped : backoff;
        }
        return backoff;
    }

    /** Our channels write their own messages; another notifier's exception is named by its class too. */
    private static String describe(Exception e) {
        if (e instanceof DeliveryException) {
            return e.getMessage();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static boolean pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private void done() {
        if (pending.decrementAndGet() == 0) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    private void tell(EventType type, String outcome) {
        try {
            listener.delivered(channel.name(), type, outcome);
        } catch (RuntimeException e) {
            log.debug("The delivery listener failed on {} {}: {}", channel.name(), outcome, e.toString());
        }
    }
}
