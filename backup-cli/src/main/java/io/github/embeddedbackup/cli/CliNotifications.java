package io.github.embeddedbackup.cli;

import io.github.embeddedbackup.core.notify.DeliveryListener;
import io.github.embeddedbackup.core.notify.DeliverySettings;
import io.github.embeddedbackup.core.notify.EventType;
import io.github.embeddedbackup.core.notify.NotificationChannel;
import io.github.embeddedbackup.core.notify.NotificationDispatcher;
import io.github.embeddedbackup.core.notify.NotificationEvent;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The notifications of one command run. Closing waits (up to 15 s) until they have left, so a
 * cron job's failure really reaches the webhook before the JVM exits; a delivery failure is
 * reported on stderr (by the dispatcher's WARN line) and never changes the exit code.
 */
final class CliNotifications implements AutoCloseable {

    static final String SERVICE = "backup-cli";
    static final Duration DRAIN = Duration.ofSeconds(15);

    private final @Nullable NotificationDispatcher dispatcher;
    private final PrintWriter err;
    /** Looked up only when there is somewhere to send: a host's own name can take seconds to resolve. */
    private final String host;

    CliNotifications(List<NotificationChannel> channels, PrintWriter err) {
        this.err = err;
        this.dispatcher = channels.isEmpty() ? null
                : new NotificationDispatcher(channels, new DeliverySettings(3, Duration.ofSeconds(1), NotifyOptions.CALL_TIMEOUT, 20),
                        DeliveryListener.NONE);
        this.host = channels.isEmpty() ? "unknown" : hostName();
    }

    /** A new event of this run, with the service and host set. */
    NotificationEvent.Builder event(EventType type) {
        return NotificationEvent.builder(type, SERVICE, host, Instant.now());
    }

    void publish(NotificationEvent.Builder event) {
        if (dispatcher != null) {
            dispatcher.publish(event.build());
        }
    }

    @Override
    public void close() {
        if (dispatcher == null) {
            return;
        }
        if (!dispatcher.drain(DRAIN)) {
            err.println("warning: notifications still unsent after " + DRAIN.toSeconds() + " s were abandoned ("
                    + String.join(", ", dispatcher.channelNames()) + ").");
        }
        dispatcher.close();
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
