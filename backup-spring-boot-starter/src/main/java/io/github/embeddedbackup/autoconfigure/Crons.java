package io.github.embeddedbackup.autoconfigure;

import io.github.embeddedbackup.runtime.BackupSchedule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.support.CronExpression;

/** The times of a cron expression (Spring's six fields), for the schedulers; kept here so the runtime stays free of Spring. */
final class Crons {

    private Crons() {}

    /** The first run of {@code schedule} after {@code after}, or null when its cron never fires again. */
    static @Nullable Instant nextAfter(BackupSchedule schedule, Instant after) {
        return following(schedule).apply(after);
    }

    /** The run after a given instant, with the expression parsed once (for walking over many runs). */
    static java.util.function.UnaryOperator<@Nullable Instant> following(BackupSchedule schedule) {
        CronExpression expression = CronExpression.parse(schedule.cron());
        return after -> {
            ZonedDateTime next = after == null ? null : expression.next(after.atZone(schedule.zone()));
            return next == null ? null : next.toInstant();
        };
    }

    /**
     * The time between two runs, measured from the next two after {@code now} (a monthly cron gives about
     * 30 days): a schedule's default max age is this plus an hour.
     */
    static Duration interval(String cron, ZoneId zone, Instant now) {
        CronExpression expression = CronExpression.parse(cron);
        ZonedDateTime first = expression.next(now.atZone(zone));
        ZonedDateTime second = first == null ? null : expression.next(first);
        return first == null || second == null ? Duration.ofDays(1) : Duration.between(first, second);
    }
}
