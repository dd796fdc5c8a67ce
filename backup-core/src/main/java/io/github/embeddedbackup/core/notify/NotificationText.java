package io.github.embeddedbackup.core.notify;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Plain-text rendering of an event, shared by the e-mail channel and Slack's fallback text: a
 * title line, "Name: value" lines, then the error. Sizes in binary units, durations like
 * {@code 1 min 12 s}, times in ISO-8601 UTC.
 */
public final class NotificationText {

    private NotificationText() {}

    /** E.g. {@code Backup failed — my-service on db-host-1}. */
    public static String subject(NotificationEvent event) {
        return title(event) + " on " + event.host();
    }

    /** The title, the facts, the error, the further details and the link, one per line. */
    public static String body(NotificationEvent event) {
        StringBuilder text = new StringBuilder(title(event)).append("\n\n");
        for (Map.Entry<String, String> fact : facts(event)) {
            text.append(fact.getKey()).append(": ").append(fact.getValue()).append('\n');
        }
        if (event.error() != null) {
            text.append("\nError:\n").append(event.error().strip()).append('\n');
        }
        if (!event.details().isEmpty()) {
            text.append('\n');
            event.details().forEach((name, value) -> text.append(name).append(": ").append(value).append('\n'));
        }
        if (event.link() != null) {
            text.append("\nLink: ").append(event.link()).append('\n');
        }
        return text.toString();
    }

    /** E.g. {@code Backup failed — my-service}. */
    static String title(NotificationEvent event) {
        return event.type().title() + " — " + event.service();
    }

    /** The facts every channel shows, in order, only those present (details excluded). */
    static List<Map.Entry<String, String>> facts(NotificationEvent event) {
        List<Map.Entry<String, String>> facts = new ArrayList<>();
        facts.add(Map.entry("Service", event.service()));
        facts.add(Map.entry("Host", event.host()));
        facts.add(Map.entry("Event", event.type().id()));
        facts.add(Map.entry("Time", time(event.time())));
        if (event.backupId() != null) {
            facts.add(Map.entry("Backup", event.backupId()));
        }
        if (!event.sources().isEmpty()) {
            facts.add(Map.entry("Sources", String.join(", ", event.sources())));
        }
        if (!event.destinations().isEmpty()) {
            facts.add(Map.entry("Destinations", String.join(", ", event.destinations())));
        }
        if (event.size() != null) {
            facts.add(Map.entry("Size", size(event.size())));
        }
        if (event.duration() != null) {
            facts.add(Map.entry("Duration", duration(event.duration())));
        }
        if (event.nextRun() != null) {
            facts.add(Map.entry("Next run", time(event.nextRun())));
        }
        return facts;
    }

    static String time(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** E.g. {@code 512 B}, {@code 1.5 KiB}, {@code 3.2 GiB}: sizes as every message and console line shows them. */
    public static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** E.g. {@code 350 ms}, {@code 12 s}, {@code 1 min 12 s}, {@code 2 h 5 min}. */
    static String duration(Duration duration) {
        Duration d = duration.abs();
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            return d.toMillis() + " ms";
        }
        if (d.compareTo(Duration.ofMinutes(1)) < 0) {
            return d.toSeconds() + " s";
        }
        if (d.compareTo(Duration.ofHours(1)) < 0) {
            return d.toMinutes() + " min" + (d.toSecondsPart() == 0 ? "" : " " + d.toSecondsPart() + " s");
        }
        return d.toHours() + " h" + (d.toMinutesPart() == 0 ? "" : " " + d.toMinutesPart() + " min");
    }

    /** At most {@code max} characters, the last one "…" when cut. */
    static String truncate(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }

    /** At most {@code maxBytes} bytes of UTF-8, the last character "…" when cut. */
    static String truncateUtf8(String text, int maxBytes) {
        if (text.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return text;
        }
        int budget = maxBytes - 3; // "…" is three bytes
        int end = 0;
        while (end < text.length()) {
            int codePoint = text.codePointAt(end);
            int bytes = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes > budget) {
                break;
            }
            budget -= bytes;
            end += Character.charCount(codePoint);
        }
        return text.substring(0, end) + "…";
    }
}
