package io.github.embeddedbackup.core.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One thing worth telling a person, with the facts every channel shows. Never holds a secret: the
 * error is the backup's user-facing message, already free of passwords.
 *
 * @param id unique per event; the {@code webhook-id} of a signed webhook (the same on every retry)
 * @param service the application ({@code spring.application.name}) or {@code backup-cli}
 * @param host the machine's host name
 * @param backupId the backup made, restored, verified or drilled, when there is one
 * @param sources the sources involved
 * @param destinations the destinations involved (names, never URLs with credentials)
 * @param size stored bytes of the backup, when known
 * @param duration how long the run took, when there was one
 * @param nextRun the next scheduled backup, when there is a schedule
 * @param error what went wrong, for problem events
 * @param link where to look (e.g. the admin page), from {@code backup.notifications.link}
 * @param details further facts by name (attempts, trigger, requested-by, target, safety-backup-id, free-bytes, …), in order
 */
public record NotificationEvent(String id, EventType type, Instant time, String service, String host, @Nullable String backupId,
        List<String> sources, List<String> destinations, @Nullable Long size, @Nullable Duration duration, @Nullable Instant nextRun,
        @Nullable String error, @Nullable String link, Map<String, String> details) {

    public NotificationEvent {
        sources = List.copyOf(sources);
        destinations = List.copyOf(destinations);
        details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public static Builder builder(EventType type, String service, String host, Instant time) {
        return new Builder(type, service, host, time);
    }

    /** Builds an event; every fact but the type, service, host and time is optional. */
    public static final class Builder {
        private final EventType type;
        private final String service;
        private final String host;
        private final Instant time;
        private @Nullable String backupId;
        private List<String> sources = List.of();
        private List<String> destinations = List.of();
        private @Nullable Long size;
        private @Nullable Duration duration;
        private @Nullable Instant nextRun;
        private @Nullable String error;
        private @Nullable String link;
        private final Map<String, String> details = new LinkedHashMap<>();

        private Builder(EventType type, String service, String host, Instant time) {
            this.type = type;
            this.service = service;
            this.host = host;
            this.time = time;
        }

        public Builder backupId(@Nullable String value) {
            this.backupId = value;
            return this;
        }

        public Builder sources(List<String> value) {
            this.sources = value;
            return this;
        }

        public Builder destinations(List<String> value) {
            this.destinations = value;
            return this;
        }

        public Builder size(@Nullable Long value) {
            this.size = value;
            return this;
        }

        public Builder duration(@Nullable Duration value) {
            this.duration = value;
            return this;
        }

        public Builder nextRun(@Nullable Instant value) {
            this.nextRun = value;
            return this;
        }

        public Builder error(@Nullable String value) {
            this.error = value;
            return this;
        }

        public Builder link(@Nullable String value) {
            this.link = value;
            return this;
        }

        /** A further fact; a null value is left out. */
        public Builder detail(String name, @Nullable Object value) {
            if (value != null) {
                details.put(name, String.valueOf(value));
            }
            return this;
        }

        public NotificationEvent build() {
            return new NotificationEvent("evt_" + UUID.randomUUID().toString().replace("-", ""), type, time, service, host, backupId, sources,
                    destinations, size, duration, nextRun, error, link, details);
        }
    }
}
