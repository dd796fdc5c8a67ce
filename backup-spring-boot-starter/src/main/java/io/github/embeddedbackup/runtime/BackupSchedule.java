package io.github.embeddedbackup.runtime;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.support.CronExpression;

/**
 * One schedule: when it backs up which sources to which destinations. Its backups carry the label
 * {@code schedule=<name>}; the schedule {@value #DEFAULT} ({@code backup.schedule}) also owns the backups
 * without that label (manual ones, and those made before schedules had names).
 *
 * @param name its name, the value of the {@code schedule} label
 * @param cron a Spring cron expression (six fields)
 * @param zone the zone the cron is read in
 * @param sources the sources it backs up; empty for all
 * @param destinations the destinations it writes to; empty for all
 * @param maxAge its health is DOWN when its newest backup is older than this
 */
public record BackupSchedule(String name, String cron, ZoneId zone, List<String> sources, List<String> destinations, Duration maxAge) {

    /** The name of the schedule {@code backup.schedule} makes. */
    public static final String DEFAULT = "default";
    /** The label every scheduled backup carries, with the schedule's name. */
    public static final String LABEL = "schedule";

    public BackupSchedule {
        sources = List.copyOf(sources);
        destinations = List.copyOf(destinations);
        CronExpression.parse(cron); // fails early, with the expression in the message
    }

    /** The first run after {@code after}, or null when the cron never fires again. */
    public @Nullable Instant nextAfter(Instant after) {
        ZonedDateTime next = CronExpression.parse(cron).next(after.atZone(zone));
        return next == null ? null : next.toInstant();
    }

    /**
     * The time between two runs, measured from the next two after {@code now} (a monthly cron gives about
     * 30 days): a schedule's default max age is this plus an hour.
     */
    public static Duration interval(String cron, ZoneId zone, Instant now) {
        CronExpression expression = CronExpression.parse(cron);
        ZonedDateTime first = expression.next(now.atZone(zone));
        ZonedDateTime second = first == null ? null : expression.next(first);
        return first == null || second == null ? Duration.ofDays(1) : Duration.between(first, second);
    }

    /** Whether {@code labels} are those of a backup of this schedule. */
    public boolean owns(Map<String, String> labels) {
        String label = labels.get(LABEL);
        return name.equals(label) || (label == null && DEFAULT.equals(name));
    }

    /** The label this schedule's backups carry. */
    public Map<String, String> labels() {
        return Map.of(LABEL, name);
    }
}
