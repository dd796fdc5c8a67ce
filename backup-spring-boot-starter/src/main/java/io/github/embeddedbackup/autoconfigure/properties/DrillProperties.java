package io.github.embeddedbackup.autoconfigure.properties;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.support.CronExpression;

/**
 * Restore drills ({@code backup.drill.*}): the latest backup restored into a scratch place, checked, and the place dropped.
 *
 * @param cron When to drill the latest backup, as a Spring cron expression (second minute hour day month weekday). Empty: no scheduled drill.
 * @param scratchUrl A database server used only to create and drop drill databases (PostgreSQL, MySQL sources); SQLite and folder sources
 *     need none.
 * @param username The scratch server's user.
 * @param password The scratch server's password.
 * @param sources The sources drilled, by name. Empty: every source of the backup.
 */
public record DrillProperties(
        @Nullable String cron,
        @Nullable String scratchUrl,
        @Nullable String username,
        @Nullable String password,
        @Nullable List<String> sources) {

    public DrillProperties {
        cron = cron == null ? "" : cron.trim();
        if (!cron.isEmpty() && !CronExpression.isValidExpression(cron)) {
            throw new IllegalArgumentException("backup.drill.cron: '" + cron + "' is not a valid Spring cron expression. It has six fields, "
                    + "second minute hour day-of-month month day-of-week, e.g. \"0 0 4 * * SUN\" for 04:00 every Sunday");
        }
        scratchUrl = scratchUrl == null || scratchUrl.isBlank() ? null : scratchUrl.trim();
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    @Override
    public String toString() {
        return "DrillProperties[cron=" + cron + ", scratchUrl=" + (scratchUrl == null ? null : "(set)") + ", username=" + username
                + ", password=" + (password == null ? null : "***") + ", sources=" + sources + "]";
    }
}
