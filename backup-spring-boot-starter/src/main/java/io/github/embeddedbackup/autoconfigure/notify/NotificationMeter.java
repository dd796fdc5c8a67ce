package io.github.embeddedbackup.autoconfigure.notify;

import io.github.embeddedbackup.core.notify.DeliveryListener;
import io.github.embeddedbackup.core.notify.EventType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/** Counts deliveries in {@code backup.notifications}, tagged {@code channel} and {@code outcome} (success, failure, dropped). */
final class NotificationMeter implements MeterBinder, DeliveryListener {

    static final String NAME = "backup.notifications";

    private static final java.util.List<String> OUTCOMES = java.util.List.of(DeliveryListener.SUCCESS, DeliveryListener.FAILURE,
            DeliveryListener.DROPPED);

    private volatile @Nullable MeterRegistry registry;
    private volatile java.util.List<String> channels = java.util.List.of();

    @Override
    public void bindTo(MeterRegistry meters) {
        this.registry = meters;
        registerChannels();
    }

    /** The configured channels: their series start at 0 (else Prometheus' increase() misses the first failure). */
    void channels(java.util.List<String> names) {
        this.channels = java.util.List.copyOf(names);
        registerChannels();
    }

    private void registerChannels() {
        MeterRegistry meters = registry;
        if (meters != null) {
            channels.forEach(channel -> OUTCOMES.forEach(outcome -> counter(meters, channel, outcome)));
        }
    }

    private static Counter counter(MeterRegistry meters, String channel, String outcome) {
        return Counter.builder(NAME).description("Notifications by channel and outcome").tag("channel", channel).tag("outcome", outcome)
                .register(meters);
    }

    @Override
    public void delivered(String channel, EventType type, String outcome) {
        MeterRegistry meters = registry;
        if (meters != null) {
            counter(meters, channel, outcome).increment();
        }
    }
}
