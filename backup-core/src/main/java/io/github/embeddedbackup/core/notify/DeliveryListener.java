package io.github.embeddedbackup.core.notify;

/**
 * Told how each event ended on each channel, once, after the last attempt: a meter counts these.
 * Called on the channel's delivery thread (or the publisher's for "dropped"); keep it quick.
 */
@FunctionalInterface
public interface DeliveryListener {

    String SUCCESS = "success";
    String FAILURE = "failure";
    String DROPPED = "dropped";

    /** A listener that ignores every outcome. */
    DeliveryListener NONE = (channel, type, outcome) -> {};

    /** @param outcome {@value #SUCCESS}, {@value #FAILURE} or {@value #DROPPED} (the channel's queue was full) */
    void delivered(String channel, EventType type, String outcome);
}
