package io.github.embeddedbackup.core.retention;

import java.time.Duration;

/** Durations as people write them in messages: {@code 5 days}, {@code 36 hours}, {@code -2 hours 30 minutes}, never {@code PT-120H}. */
public final class HumanDurations {

    private HumanDurations() {}

    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0 seconds";
        }
        String sign = duration.isNegative() ? "-" : "";
        Duration d = duration.abs();
        StringBuilder text = new StringBuilder();
        append(text, d.toDays(), "day");
        append(text, d.toHoursPart(), "hour");
        append(text, d.toMinutesPart(), "minute");
        append(text, d.toSecondsPart(), "second");
        if (text.isEmpty()) {
            append(text, d.toMillis(), "millisecond");
        }
        return sign + text;
    }

    private static void append(StringBuilder text, long amount, String unit) {
        if (amount != 0) {
            text.append(text.isEmpty() ? "" : " ").append(amount).append(' ').append(unit).append(amount == 1 ? "" : "s");
        }
    }
}
