package io.github.embeddedbackup.core.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Which backups to keep. A backup is kept when any rule keeps it, and every rule that does is named:
 *
 * <ul>
 *   <li>{@code keepLast}: the newest N;
 *   <li>{@code keepHourly} … {@code keepYearly}: the newest backup of each of the newest N hours, days,
 *       ISO weeks, months or years that have a backup, in {@code zone} (an hour is a real hour: the
 *       hour repeated when clocks go back counts twice);
 *   <li>{@code keepWithin}: every backup younger than this;
 *   <li>always: the newest backup, and any backup dated in the future (clock skew).
 * </ul>
 *
 * Then, if {@code maxTotalSize} is set and the kept backups are larger together, the oldest kept ones
 * are dropped until they fit — never the newest. Only complete backups are ever passed in, so failed
 * or interrupted backups are neither counted nor kept. A policy is a pure function of its inputs.
 *
 * @param keepLast 0 or more
 * @param keepHourly 0 or more
 * @param keepDaily 0 or more
 * @param keepWeekly 0 or more
 * @param keepMonthly 0 or more
 * @param keepYearly 0 or more
 * @param keepWithin keep everything younger than this; null or zero turns the rule off
 * @param maxTotalSize bytes, or null for no cap
 * @param zone the time zone whose calendar the hourly…yearly buckets follow
 */
public record RetentionPolicy(
        int keepLast,
        int keepHourly,
        int keepDaily,
        int keepWeekly,
        int keepMonthly,
        int keepYearly,
        @Nullable Duration keepWithin,
        @Nullable Long maxTotalSize,
        ZoneId zone) {

    public RetentionPolicy {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("keepLast", keepLast);
        counts.put("keepHourly", keepHourly);
        counts.put("keepDaily", keepDaily);
        counts.put("keepWeekly", keepWeekly);
        counts.put("keepMonthly", keepMonthly);
        counts.put("keepYearly", keepYearly);
        for (Map.Entry<String, Integer> count : counts.entrySet()) {
            if (count.getValue() < 0) {
                throw new InvalidRetentionException(count.getKey(), "must not be negative, but was " + count.getValue()
                        + " (0 turns the rule off)");
            }
        }
        if (keepWithin != null && keepWithin.isNegative()) {
            throw new InvalidRetentionException("keepWithin", "must not be negative, but was " + HumanDurations.format(keepWithin)
                    + " (0 turns the rule off)");
        }
        if (keepWithin != null && keepWithin.isZero()) {
            keepWithin = null; // 0 turns the rule off, as it does for the counts
        }
        if (maxTotalSize != null && maxTotalSize <= 0) {
            throw new InvalidRetentionException("maxTotalSize", "must be positive, but was " + maxTotalSize + " bytes");
        }
    }

    /** Whether any rule is set; a policy without rules would keep only the newest backup. */
    public boolean hasRules() {
        return keepLast + keepHourly + keepDaily + keepWeekly + keepMonthly + keepYearly > 0 || keepWithin != null;
    }

    public RetentionPlan apply(List<BackupSummary> backups, Instant now) {
        List<BackupSummary> newestFirst = new ArrayList<>(backups);
        newestFirst.sort(Comparator.comparing(BackupSummary::startedAt).thenComparing(BackupSummary::id).reversed());
        Map<String, List<String>> reasons = new LinkedHashMap<>();
        newestFirst.forEach(backup -> reasons.put(backup.id(), new ArrayList<>()));

        if (!newestFirst.isEmpty()) {
            reasons.get(newestFirst.get(0).id()).add("newest backup");
        }
        for (int i = 0; i < Math.min(keepLast, newestFirst.size()); i++) {
            reasons.get(newestFirst.get(i).id()).add("last " + keepLast);
        }
        bucket(newestFirst, reasons, keepHourly, "hourly", time -> time.format(HOUR));
        bucket(newestFirst, reasons, keepDaily, "daily", time -> time.toLocalDate().toString());
        bucket(newestFirst, reasons, keepWeekly, "weekly",
                time -> String.format("%d-W%02d", time.get(IsoFields.WEEK_BASED_YEAR), time.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)));
        bucket(newestFirst, reasons, keepMonthly, "monthly", time -> time.format(MONTH));
        bucket(newestFirst, reasons, keepYearly, "yearly", time -> Integer.toString(time.getYear()));
        for (BackupSummary backup : newestFirst) {
            if (backup.startedAt().isAfter(now)) {
                reasons.get(backup.id()).add("dated in the future");
            } else if (keepWithin != null && backup.startedAt().isAfter(now.minus(keepWithin))) {
                reasons.get(backup.id()).add("within " + describe(keepWithin));
            }
        }

        List<RetentionPlan.Decision> keep = new ArrayList<>();
        List<RetentionPlan.Decision> delete = new ArrayList<>();
        for (BackupSummary backup : newestFirst) {
            List<String> why = reasons.get(backup.id());
            if (why.isEmpty()) {
                delete.add(new RetentionPlan.Decision(backup, List.of("no rule keeps it")));
            } else {
                keep.add(new RetentionPlan.Decision(backup, why));
            }
        }
        if (maxTotalSize != null) {
            long total = keep.stream().mapToLong(decision -> decision.backup().size()).sum();
            for (int i = keep.size() - 1; i > 0 && total > maxTotalSize; i--) {
                RetentionPlan.Decision dropped = keep.remove(i);
                total -= dropped.backup().size();
                delete.add(new RetentionPlan.Decision(dropped.backup(), List.of("over the total size cap of " + maxTotalSize
                        + " bytes (it was kept by: " + String.join(", ", dropped.reasons()) + ")")));
            }
            delete.sort(Comparator.comparing((RetentionPlan.Decision d) -> d.backup().startedAt()).reversed());
        }
        return new RetentionPlan(keep, delete);
    }

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HHxxx");
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("uuuu-MM");

    /** Keeps the newest backup of each of the newest {@code count} buckets. */
    private void bucket(List<BackupSummary> newestFirst, Map<String, List<String>> reasons, int count, String rule,
            Function<ZonedDateTime, String> key) {
        String last = null;
        int kept = 0;
        for (BackupSummary backup : newestFirst) {
            if (kept >= count) {
                return;
            }
            String bucket = key.apply(backup.startedAt().atZone(zone));
            if (!bucket.equals(last)) {
                reasons.get(backup.id()).add(rule + " " + bucket);
                kept++;
                last = bucket;
            }
        }
    }

    private static String describe(Duration duration) {
        if (duration.toHours() % 24 == 0) {
            return duration.toDays() + "d";
        }
        return duration.toHours() + "h";
    }
}
