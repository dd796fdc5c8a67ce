package io.github.embeddedbackup.core.notify;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A channel could not deliver an event. Its message never holds the channel's URL or a secret. */
public class DeliveryException extends Exception {

    private final boolean retryable;
    private final @Nullable Duration retryAfter;

    /** @param retryable whether trying again may help (a network error, HTTP 5xx or 429), not another 4xx */
    public DeliveryException(String message, boolean retryable) {
        this(message, retryable, null);
    }

    /** @param retryAfter how long the receiver asked to wait (HTTP {@code Retry-After}), when it said */
    public DeliveryException(String message, boolean retryable, @Nullable Duration retryAfter) {
        super(message);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    public boolean retryable() {
        return retryable;
    }

    /** The wait the receiver asked for, when it answered with a {@code Retry-After} in seconds. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
