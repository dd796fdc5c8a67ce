package io.github.embeddedbackup.cli;

import java.time.Duration;
import java.util.Locale;

/** Human-readable sizes and durations for the console. */
final class Sizes {

    private Sizes() {}

    static String bytes(long bytes) {
        return io.github.embeddedbackup.core.notify.NotificationText.size(bytes);
    }

    static String duration(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
