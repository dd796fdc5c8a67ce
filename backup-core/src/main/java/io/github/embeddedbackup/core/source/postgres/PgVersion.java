package io.github.embeddedbackup.core.source.postgres;

/**
 * A PostgreSQL major version as the tools compare them: 9.6 for releases before 10, else the first number.
 *
 * @param major 10, 15, 17, … (9 for 9.x, with {@code minor} telling 9.x apart)
 * @param minor the second number of a 9.x release; 0 otherwise
 * @param text what the tool or server printed
 */
public record PgVersion(int major, int minor, String text) implements Comparable<PgVersion> {

    public static PgVersion of(int first, int second, String text) {
        return first >= 10 ? new PgVersion(first, 0, text) : new PgVersion(first, second, text);
    }

    /** From {@code server_version_num}, e.g. 150020 or 90624. */
    public static PgVersion fromServerVersionNum(int number, String text) {
        int first = number / 10000;
        return first >= 10 ? new PgVersion(first, 0, text) : new PgVersion(first, (number / 100) % 100, text);
    }

    /** {@code 15} or {@code 9.6}. */
    public String majorText() {
        return major >= 10 ? Integer.toString(major) : major + "." + minor;
    }

    @Override
    public int compareTo(PgVersion other) {
        return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
    }
}
