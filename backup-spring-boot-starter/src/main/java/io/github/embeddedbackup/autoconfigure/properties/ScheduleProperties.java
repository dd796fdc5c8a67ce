package io.github.embeddedbackup.autoconfigure.properties;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.support.CronExpression;

/**
 * One named schedule ({@code backup.schedules.<name>.*}): when it backs up what, where, and which of its
 * own backups it keeps. Its backups carry the label {@code schedule=<name>}.
 *
 * @param cron When to back up, as a Spring cron expression (second minute hour day-of-month month day-of-week).
 * @param sources The sources this schedule backs up, by name. Empty: every source.
 * @param retention Which of this schedule's backups to keep, in each destination it writes to. Not set: the destination's own
 *     retention (backup.retention, backup.mirrors.NAME.retention) applies to them, as to backups of no schedule.
 * @param destinations The destinations this schedule writes to: primary and mirror names. Empty: every destination.
 * @param maxAge Its health is DOWN when its newest backup is older than this. Not set: the time between two of its runs plus 1 h
 *     (25h for a daily cron).
 */
public record ScheduleProperties(
        @Nullable String cron,
        @Nullable List<String> sources,
        @Nullable RetentionProperties retention,
        @Nullable List<String> destinations,
        java.time.@Nullable Duration maxAge) {

    public ScheduleProperties {
        cron = cron == null ? "" : cron.trim();
        sources = sources == null ? List.of() : List.copyOf(sources);
        destinations = destinations == null ? List.of() : List.copyOf(destinations);
        if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
            throw new IllegalArgumentException("backup.schedules.NAME.max-age must be a positive duration, e.g. 2h");
        }
    }

    /** Whether {@link #cron()} can be parsed; the message naming the property is made where the schedule's name is known. */
    public boolean validCron() {
        return !cron.isEmpty() && CronExpression.isValidExpression(cron);
    }
}
