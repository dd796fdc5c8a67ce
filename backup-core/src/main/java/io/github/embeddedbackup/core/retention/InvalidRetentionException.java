package io.github.embeddedbackup.core.retention;

/**
 * A retention rule has a value no policy can use. The message says what is wrong in neutral words;
 * {@link #rule()} names the rule ({@code keepLast}, {@code keepWithin}, …) so that the CLI can name
 * its option and the starter its property.
 */
public class InvalidRetentionException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String rule;

    public InvalidRetentionException(String rule, String problem) {
        super(describe(rule) + " " + problem + ".");
        this.rule = rule;
    }

    private static String describe(String rule) {
        return switch (rule) {
            case "keepLast" -> "The number of newest backups to keep";
            case "keepHourly" -> "The number of hours to keep a backup of";
            case "keepDaily" -> "The number of days to keep a backup of";
            case "keepWeekly" -> "The number of weeks to keep a backup of";
            case "keepMonthly" -> "The number of months to keep a backup of";
            case "keepYearly" -> "The number of years to keep a backup of";
            case "keepWithin" -> "The age below which every backup is kept";
            case "maxTotalSize" -> "The total size cap of the kept backups";
            default -> "The retention rule " + rule;
        };
    }

    /** {@code keepLast}, {@code keepHourly} … {@code keepYearly}, {@code keepWithin} or {@code maxTotalSize}. */
    public String rule() {
        return rule;
    }
}
