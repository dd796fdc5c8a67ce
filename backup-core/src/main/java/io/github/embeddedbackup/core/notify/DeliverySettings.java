package io.github.embeddedbackup.core.notify;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard the {@link NotificationDispatcher} tries.
 *
 * @param attempts calls per event and channel, the first included (at least 1)
 * @param initialBackoff the pause before the second attempt; it doubles before each further one
 * @param timeout the limit of one call, given to the HTTP channels by {@link NotificationChannels}
 * @param queueCapacity events waiting per channel; one more is dropped
 */
public record DeliverySettings(int attempts, Duration initialBackoff, Duration timeout, int queueCapacity) {

    public DeliverySettings {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(timeout, "timeout");
        if (attempts < 1) {
            throw new IllegalArgumentException("Notification attempts must be at least 1, but were " + attempts + ".");
        }
        if (initialBackoff.isNegative()) {
            throw new IllegalArgumentException("The notification backoff must not be negative, but was " + initialBackoff + ".");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("The notification timeout must be positive, but was " + timeout + ".");
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("The notification queue must hold at least 1 event, but was " + queueCapacity + ".");
        }
    }

    /** 4 attempts, 1 s backoff doubling (1, 2, 4 s), 10 s per call, 100 events queued per channel. */
    public static DeliverySettings defaults() {
        return new DeliverySettings(4, Duration.ofSeconds(1), Duration.ofSeconds(10), 100);
    }

    /** The pause after failed attempt {@code attempt} (1-based): the backoff doubled {@code attempt - 1} times. */
    Duration backoffAfter(int attempt) {
        return initialBackoff.multipliedBy(1L << Math.min(attempt - 1, 20));
    }
}
