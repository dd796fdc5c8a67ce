package io.github.embeddedbackup.core.notify;

/** A channel could not deliver an event. Its message never holds the channel's URL or a secret. */
public class DeliveryException extends Exception {

    private final boolean retryable;

    /** @param retryable whether trying again may help (a network error, HTTP 5xx or 429), not another 4xx */
    public DeliveryException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
