package io.github.embeddedbackup.core.source;

/** Source names derived from what a URI names (a database, a file, a folder). */
public final class SourceNames {

    private SourceNames() {}

    /** {@code raw} reduced to the letters a source name may hold, starting with a letter or digit, at most 100 characters. */
    public static String sanitize(String raw) {
        String clean = raw.replaceAll("[^A-Za-z0-9._-]", "_");
        if (clean.isEmpty() || !Character.isLetterOrDigit(clean.charAt(0))) {
            clean = "db" + clean;
        }
        return clean.length() > 100 ? clean.substring(0, 100) : clean;
    }

    /** The scheme of a typo'd URI without {@code jdbc:} ({@code postgres} of {@code jdbc:postgres://x}), lower case, or null. */
    public static String jdbcScheme(String uri) {
        String lower = uri.strip().toLowerCase(java.util.Locale.ROOT);
        int start = lower.startsWith("jdbc:") ? 5 : 0;
        int colon = lower.indexOf(':', start);
        return colon < 0 ? null : lower.substring(start, colon);
    }

    /** What follows the scheme of {@link #jdbcScheme}. */
    public static String afterScheme(String uri) {
        String value = uri.strip();
        int start = value.toLowerCase(java.util.Locale.ROOT).startsWith("jdbc:") ? 5 : 0;
        return value.substring(value.indexOf(':', start) + 1);
    }
}
