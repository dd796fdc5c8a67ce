package io.github.embeddedbackup.autoconfigure.notify;

import io.github.embeddedbackup.autoconfigure.properties.BackupPropertyException;
import io.github.embeddedbackup.core.Typos;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Refuses a misspelt name under {@code backup.notifications}: Spring ignores a property no field takes,
 * and a misspelt {@code slack.webhook-urll} would leave a service without the alerts it was promised.
 */
final class NotificationSettingNames {

    private static final String PREFIX = "backup.notifications";
    private static final Map<String, Set<String>> CHANNELS = Map.of(
            "slack", Set.of("webhook-url", "events"),
            "teams", Set.of("webhook-url", "events"),
            "webhook", Set.of("url", "secret", "headers", "events"),
            "email", Set.of("to", "from", "events"),
            "heartbeat", Set.of("url", "events"),
            "storage-low", Set.of("free-below"),
            "delivery", Set.of("max-attempts", "initial-backoff", "timeout", "queue-capacity"));
    private static final Set<String> TOP = Set.of("link", "test-on-startup", "slack", "teams", "webhook", "email", "heartbeat",
            "storage-low", "delivery");

    private NotificationSettingNames() {}

    /** @param settingsUnder the properties under a prefix, by their name after it ({@code slack.webhook-url}) */
    static void check(Function<String, Map<String, String>> settingsUnder) {
        for (String key : settingsUnder.apply(PREFIX).keySet()) {
            String[] parts = key.split("[.\\[]", 3);
            String first = known(parts[0], TOP, PREFIX, "backup.notifications");
            Set<String> settings = CHANNELS.get(first);
            if (settings != null) {
                if (parts.length < 2 || parts[1].isEmpty()) {
                    continue;
                }
                known(parts[1], settings, PREFIX + "." + first, PREFIX + "." + first);
            }
        }
    }

    private static String known(String given, Set<String> allowed, String prefix, String what) {
        for (String name : allowed) {
            if (Typos.plain(name).equals(Typos.plain(given))) {
                return name;
            }
        }
        String nearest = Typos.nearest(given, allowed);
        throw new BackupPropertyException(prefix + "." + given, "'" + given + "' is not a setting of " + what
                + (nearest == null ? "." : " (did you mean '" + nearest + "'?)."), "use one of " + new TreeSet<>(allowed), null);
    }
}
