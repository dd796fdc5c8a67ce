package io.github.embeddedbackup.core.source.mysql;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A MySQL or MariaDB release series as tools and servers report it.
 *
 * @param mariadb whether it is MariaDB (else MySQL)
 * @param major 10, 11, 8, …
 * @param minor 11 of MariaDB 10.11, 0 of MySQL 8.0
 * @param text what the tool or server printed
 */
public record MysqlVersion(boolean mariadb, int major, int minor, String text) implements Comparable<MysqlVersion> {

    /** {@code Distrib 10.11.19-MariaDB} of MariaDB tools and MySQL 5.7's, else {@code Ver 8.0.36} of MySQL 8 tools. */
    private static final Pattern DISTRIB = Pattern.compile("Distrib\\s+(\\d+)\\.(\\d+)");
    private static final Pattern VER = Pattern.compile("Ver\\s+(\\d+)\\.(\\d+)");
    private static final Pattern SERVER = Pattern.compile("^(\\d+)\\.(\\d+)");

    /** From a tool's {@code --version} line. */
    public static Optional<MysqlVersion> ofTool(String text) {
        Matcher matcher = DISTRIB.matcher(text);
        if (!matcher.find()) {
            matcher = VER.matcher(text);
            if (!matcher.find()) {
                return Optional.empty();
            }
        }
        return Optional.of(new MysqlVersion(text.contains("MariaDB"), Integer.parseInt(matcher.group(1)),
                Integer.parseInt(matcher.group(2)), text.strip()));
    }

    /** From the server's {@code version()}, e.g. {@code 10.11.19-MariaDB-0+deb12u1} or {@code 8.0.36}. */
    public static MysqlVersion ofServer(String version) {
        Matcher matcher = SERVER.matcher(version);
        if (!matcher.find()) {
            return new MysqlVersion(version.contains("MariaDB"), 0, 0, version);
        }
        return new MysqlVersion(version.contains("MariaDB"), Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)), version);
    }

    /** {@code MariaDB 10.11} or {@code MySQL 8.0}. */
    public String series() {
        return (mariadb ? "MariaDB " : "MySQL ") + major + "." + minor;
    }

    @Override
    public int compareTo(MysqlVersion other) {
        return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
    }
}
