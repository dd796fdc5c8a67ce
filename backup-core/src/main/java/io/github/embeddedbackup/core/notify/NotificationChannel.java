package io.github.embeddedbackup.core.notify;

import java.util.Set;

/**
 * A named channel and the events it is sent.
 *
 * @param name as shown in logs and in the {@code channel} tag of the meter: slack, teams, webhook, email, heartbeat, or a bean's name
 * @param events what it is sent; see {@link EventType#DEFAULTS}
 */
public record NotificationChannel(String name, BackupNotifier notifier, Set<EventType> events) {

    public NotificationChannel {
        events = Set.copyOf(events);
    }

    public boolean wants(EventType type) {
        return events.contains(type);
    }
}
