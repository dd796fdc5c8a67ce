package io.github.embeddedbackup.core;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Identifies one backup: its UTC start second plus a random suffix, e.g. {@code 20261121T020000Z-7f3a9c}.
 * Ids sort by time as plain strings, and they are safe to use in object keys and file names.
 *
 * @param value the id as written in keys and manifests
 */
public record BackupId(String value) implements Comparable<BackupId> {

    private static final Pattern PATTERN = Pattern.compile("\\d{8}T\\d{6}Z-[0-9a-f]{6}");
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    public BackupId {
        if (!isValid(value)) {
            throw new BackupConfigurationException("'" + abbreviate(value) + "' is not a backup id. A backup id looks like "
                    + "20261121T020000Z-7f3a9c, or use latest for the newest backup.");
        }
    }

    /** A new id for a backup started at {@code start}. */
    public static BackupId generate(Instant start) {
        byte[] suffix = new byte[3];
        RANDOM.nextBytes(suffix);
        return new BackupId(FORMAT.format(start.truncatedTo(ChronoUnit.SECONDS)) + "-" + HexFormat.of().formatHex(suffix));
    }

    /** Whether {@code value} has the form of a backup id; nothing else is ever used in a key. */
    public static boolean isValid(String value) {
        return value != null && PATTERN.matcher(value).matches();
    }

    /** The start second encoded in the id. */
    public Instant timestamp() {
        return Instant.from(FORMAT.parse(value.substring(0, 16)));
    }

    @Override
    public int compareTo(BackupId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }

    private static String abbreviate(String value) {
        if (value == null) {
            return "null";
        }
        return value.length() > 60 ? value.substring(0, 60) + "…" : value;
    }
}
