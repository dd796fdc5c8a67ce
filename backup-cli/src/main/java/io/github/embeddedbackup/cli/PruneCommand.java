package io.github.embeddedbackup.cli;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.retention.InvalidRetentionException;
import io.github.embeddedbackup.core.retention.Pruner;
import io.github.embeddedbackup.core.retention.RetentionPlan;
import io.github.embeddedbackup.core.retention.RetentionPolicy;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "prune", description = {"Delete the backups no retention rule keeps, then what interrupted backups left behind.",
        "Prints what it keeps (and why) and what it deletes. The newest backup is always kept."})
final class PruneCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StorageOption storage;

    @Option(names = "--keep-last", paramLabel = "N", description = "Keep the newest N backups.")
    int keepLast;

    @Option(names = "--keep-hourly", paramLabel = "N", description = "Keep the newest backup of each of the last N hours that have one.")
    int keepHourly;

    @Option(names = "--keep-daily", paramLabel = "N", description = "… of each of the last N days.")
    int keepDaily;

    @Option(names = "--keep-weekly", paramLabel = "N", description = "… of each of the last N ISO weeks.")
    int keepWeekly;

    @Option(names = "--keep-monthly", paramLabel = "N", description = "… of each of the last N months.")
    int keepMonthly;

    @Option(names = "--keep-yearly", paramLabel = "N", description = "… of each of the last N years.")
    int keepYearly;

    @Option(names = "--keep-within", paramLabel = "DURATION", description = "Keep every backup younger than this: 36h, 30d, 8w; 0 turns the rule off.")
    String keepWithin;

    @Option(names = "--max-total-size", paramLabel = "SIZE",
            description = "Then drop the oldest kept backups until all together are at most this big: 500MiB, 20GiB.")
    String maxTotalSize;

    @Option(names = "--zone", defaultValue = "UTC", paramLabel = "ZONE",
            description = "Time zone whose days, weeks, months and years the rules count (default: ${DEFAULT-VALUE}).")
    String zone;

    @Option(names = "--dry-run", description = "Show what would be deleted; delete nothing.")
    boolean dryRun;

    @Option(names = "--grace-hours", defaultValue = "24", paramLabel = "N",
            description = "Leftovers of interrupted backups are removed once older than this (default: ${DEFAULT-VALUE}).")
    long graceHours;

    @Override
    public Integer call() {
        RetentionPolicy policy;
        try {
            policy = new RetentionPolicy(keepLast, keepHourly, keepDaily, keepWeekly, keepMonthly, keepYearly,
                    keepWithin == null ? null : parseDuration(keepWithin), maxTotalSize == null ? null : parseSize(maxTotalSize), ZoneId.of(zone));
        } catch (java.time.DateTimeException e) {
            throw new BackupConfigurationException("Unknown --zone '" + zone + "'. Use a region id such as Europe/Berlin, or UTC.", e);
        } catch (InvalidRetentionException e) {
            throw new BackupConfigurationException(option(e.rule()) + ": " + e.getMessage(), e);
        }
        if (!policy.hasRules()) {
            throw new BackupConfigurationException("prune needs at least one rule, e.g. --keep-daily 7 --keep-weekly 4 --keep-monthly 12. "
                    + "Without one it would delete every backup but the newest.");
        }
        if (graceHours < 1) {
            throw new IllegalArgumentException("--grace-hours must be at least 1, so that a running backup is never removed");
        }
        Pruner.PruneResult result = new Pruner(storage.existingRepository()).prune(policy, Instant.now(), dryRun, Duration.ofHours(graceHours));
        PrintWriter out = spec.commandLine().getOut();
        result.skipped().forEach(problem -> spec.commandLine().getErr().println("warning: left alone, unreadable: " + problem));
        for (RetentionPlan.Decision decision : result.plan().keep()) {
            out.println("keep    " + decision.backup().id() + "  " + String.join(", ", decision.reasons()));
        }
        for (RetentionPlan.Decision decision : result.plan().delete()) {
            out.println((dryRun ? "would delete " : "delete  ") + decision.backup().id() + "  " + String.join(", ", decision.reasons()));
        }
        result.orphansRemoved().forEach(key -> out.println("removed " + key + "  (interrupted backup)"));
        spec.commandLine().getErr().println((dryRun ? "Dry run: would keep " : "Kept ") + result.plan().keep().size() + ", "
                + (dryRun ? "would delete " : "deleted ") + result.plan().delete().size() + " backup(s) in "
                + storage.repository().storage().describe() + ".");
        return 0;
    }

    /** The option that sets a rule of {@link RetentionPolicy}: keepLast → --keep-last. */
    static String option(String rule) {
        return "--" + rule.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }

    /** 36h, 30d, 8w; 0 (any unit or none) turns the rule off, as in the starter. */
    static Duration parseDuration(String text) {
        if (text.trim().matches("0+\\s*[hdwHDW]?")) {
            return Duration.ZERO;
        }
        Matcher m = Pattern.compile("(\\d+)\\s*([hdw])").matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new BackupConfigurationException("Cannot read --keep-within '" + text + "'. Write a number and h, d or w: 36h, 30d, 8w (0 turns the rule off).");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }

    static long parseSize(String text) {
        Matcher m = Pattern.compile("(\\d+)\\s*(b|kib|mib|gib|tib|kb|mb|gb|tb)?").matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new BackupConfigurationException("Cannot read --max-total-size '" + text + "'. Write e.g. 500MiB or 20GiB (or MB/GB for powers of 1000).");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        return switch (unit) {
            case "kib" -> n << 10;
            case "mib" -> n << 20;
            case "gib" -> n << 30;
            case "tib" -> n << 40;
            case "kb" -> n * 1_000L;
            case "mb" -> n * 1_000_000L;
            case "gb" -> n * 1_000_000_000L;
            case "tb" -> n * 1_000_000_000_000L;
            default -> n;
        };
    }
}
