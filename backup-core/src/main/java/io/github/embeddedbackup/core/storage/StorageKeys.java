package io.github.embeddedbackup.core.storage;

import java.util.regex.Pattern;

/** Checks keys, so that no key can name anything outside the storage root. */
public final class StorageKeys {

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");

    private StorageKeys() {}

    /**
     * Returns {@code key} when every {@code /}-separated segment is a plain name (no {@code ..}, no
     * leading dot, no empty segment).
     *
     * @throws IllegalArgumentException otherwise
     */
    public static String check(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("Storage key must not be empty");
        }
        for (String segment : key.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches()) {
                throw new IllegalArgumentException("Storage key '" + key + "' has an invalid segment '" + segment + "'");
            }
        }
        return key;
    }

    /** Like {@link #check} but allows an empty prefix and a trailing {@code /}. */
    public static String checkPrefix(String prefix) {
        if (prefix.isEmpty()) {
            return prefix;
        }
        check(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
        return prefix;
    }
}
