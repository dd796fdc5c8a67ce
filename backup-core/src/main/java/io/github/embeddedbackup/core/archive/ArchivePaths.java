package io.github.embeddedbackup.core.archive;

import java.util.regex.Pattern;

/** Rules for entry paths in the archive. */
public final class ArchivePaths {

    private static final Pattern SEGMENT = Pattern.compile("[\\p{L}\\p{N}_][\\p{L}\\p{N}._ -]*");

    private ArchivePaths() {}

    /** The name of part {@code number} (from 1) of a multi-part entry. */
    public static String partName(String path, int number) {
        return path + "." + String.format("%06d", number);
    }

    /** Rejects absolute paths, {@code ..}, empty segments and control characters. */
    public static String check(String path) {
        if (path == null || path.isEmpty() || path.length() > 1000) {
            throw new IllegalArgumentException("invalid archive entry path: '" + path + "'");
        }
        for (String segment : path.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches() || segment.equals("..") || segment.equals(".")) {
                throw new IllegalArgumentException("invalid archive entry path: '" + path + "'");
            }
        }
        return path;
    }
}
