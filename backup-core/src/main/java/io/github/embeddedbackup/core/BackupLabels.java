package io.github.embeddedbackup.core;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one rule for labels a user gives a backup (CLI and HTTP API alike): at most 20; keys of
 * lower-case letters, digits, '.', '_' and '-' (up to 63, starting with a letter or digit), never
 * {@code trigger}, which the caller sets itself; values up to 256 characters without control characters.
 */
public final class BackupLabels {

    public static final int MAX_LABELS = 20;
    public static final int MAX_VALUE_LENGTH = 256;
    /** Set by the CLI and the service to say what started a backup; a user cannot give it. */
    public static final String TRIGGER = "trigger";

    private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    private BackupLabels() {}

    /** @throws BackupConfigurationException naming the first label that breaks the rule */
    public static void check(Map<String, String> labels) {
        if (labels.size() > MAX_LABELS) {
            throw new BackupConfigurationException("At most " + MAX_LABELS + " labels, but there were " + labels.size() + ".");
        }
        labels.forEach((key, value) -> {
            if (key == null || !KEY.matcher(key).matches() || key.equals(TRIGGER)) {
                throw new BackupConfigurationException("Label key '" + abbreviate(key) + "' is not allowed: use lower-case letters, "
                        + "digits, '.', '_' and '-' (up to 63, starting with a letter or digit), and not '" + TRIGGER
                        + "', which is set for you.");
            }
            if (value == null || value.length() > MAX_VALUE_LENGTH || value.chars().anyMatch(Character::isISOControl)) {
                throw new BackupConfigurationException("Label '" + key + "' needs a value of up to " + MAX_VALUE_LENGTH
                        + " characters without control characters.");
            }
        });
    }

    private static String abbreviate(String value) {
        if (value == null) {
            return "null";
        }
        String printable = value.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 40 ? printable : printable.substring(0, 40) + "…";
    }
}
