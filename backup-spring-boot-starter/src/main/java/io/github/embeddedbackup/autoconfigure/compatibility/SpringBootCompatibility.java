package io.github.embeddedbackup.autoconfigure.compatibility;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Decides whether a Spring Boot version is one the starter supports (4.0.x and 4.1.x). */
public final class SpringBootCompatibility {

    /** The supported lines, as users read them. */
    public static final String SUPPORTED_RANGE = "4.0.x and 4.1.x";

    private static final String SUPPORTED_CHOICE = "4.0.x or 4.1.x";

    /** The property that turns the check off. */
    public static final String ENABLED_PROPERTY = "backup.compatibility-verifier.enabled";

    private static final int MAJOR = 4;
    private static final int OLDEST_MINOR = 0;
    private static final int NEWEST_MINOR = 1;
    private static final Pattern MAJOR_MINOR = Pattern.compile("^(\\d+)\\.(\\d+)(?:[.\\-].*)?$");

    /** What the check found. */
    public enum Verdict { SUPPORTED, TOO_OLD, TOO_NEW, UNKNOWN }

    private SpringBootCompatibility() {}

    public static Verdict check(@Nullable String bootVersion) {
        if (bootVersion == null) {
            return Verdict.UNKNOWN;
        }
        Matcher m = MAJOR_MINOR.matcher(bootVersion.trim());
        if (!m.matches()) {
            return Verdict.UNKNOWN;
        }
        int major;
        int minor;
        try {
            major = Integer.parseInt(m.group(1));
            minor = Integer.parseInt(m.group(2));
        } catch (NumberFormatException e) {
            return Verdict.UNKNOWN;
        }
        if (major < MAJOR || (major == MAJOR && minor < OLDEST_MINOR)) {
            return Verdict.TOO_OLD;
        }
        if (major > MAJOR || minor > NEWEST_MINOR) {
            return Verdict.TOO_NEW;
        }
        return Verdict.SUPPORTED;
    }

    /** The start-up failure for an unsupported version, or {@code null} when it may start. */
    public static @Nullable UnsupportedSpringBootVersionException failureFor(@Nullable String bootVersion) {
        Verdict verdict = check(bootVersion);
        if (verdict != Verdict.TOO_OLD && verdict != Verdict.TOO_NEW) {
            return null;
        }
        String problem = "Spring Boot " + bootVersion + " is not supported by the backup starter"
                + " (io.github.embeddedbackup:backup-spring-boot-starter), which supports Spring Boot " + SUPPORTED_RANGE
                + (verdict == Verdict.TOO_OLD
                        ? "; on older lines it fails with missing classes or methods."
                        : "; newer lines were not tested and may fail with missing classes or methods.");
        String action = (verdict == Verdict.TOO_OLD
                ? "Upgrade the application to Spring Boot " + SUPPORTED_CHOICE
                : "Use a starter release that supports Spring Boot " + bootVersion + ", or Spring Boot " + SUPPORTED_CHOICE)
                + "; or set " + ENABLED_PROPERTY + "=false to start anyway, at your own risk.";
        return new UnsupportedSpringBootVersionException(bootVersion, problem, action);
    }
}
