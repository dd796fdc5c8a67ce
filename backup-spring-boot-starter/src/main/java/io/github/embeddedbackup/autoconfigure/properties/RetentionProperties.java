package io.github.embeddedbackup.autoconfigure.properties;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Which backups to keep ({@code backup.retention.*}, {@code backup.mirrors.<name>.retention.*}).
 *
 * @param enabled Whether to apply retention after each successful backup.
 * @param keepLast Keep the newest N backups.
 * @param keepHourly Keep the newest backup of each of the last N hours.
 * @param keepDaily Keep the newest backup of each of the last N days.
 * @param keepWeekly Keep the newest backup of each of the last N ISO weeks.
 * @param keepMonthly Keep the newest backup of each of the last N months.
 * @param keepYearly Keep the newest backup of each of the last N years.
 * @param keepWithin Keep every backup younger than this; 0 turns this rule off.
 * @param maxTotalSize Then drop the oldest kept backups until all together are at most this big.
 */
public record RetentionProperties(
        @DefaultValue("true") boolean enabled,
        int keepLast,
        int keepHourly,
        int keepDaily,
        int keepWeekly,
        int keepMonthly,
        int keepYearly,
        @DefaultValue("30d") @Nullable Duration keepWithin,
        @Nullable DataSize maxTotalSize) {}
