package io.github.embeddedbackup.core.storage;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The settings of one storage as plain strings (kebab-case names), with typed readers whose errors
 * name the setting. Sizes are written {@code 16MB} (binary units, as Spring Boot reads them) or in
 * bytes; durations {@code 30s}, {@code 5m}, {@code PT5M} or in seconds.
 *
 * @param type the storage type, e.g. {@code s3}
 * @param values the settings; a blank value counts as unset
 * @param shared clients of the host application a provider may reuse
 * @since 0.2.0
 */
public record StorageSettings(String type, Map<String, String> values, SharedClients shared) {

    public StorageSettings {
        values = Map.copyOf(values);
    }

    public static StorageSettings of(String type, Map<String, String> values) {
        return new StorageSettings(type, values, SharedClients.none());
    }

    /** The value, or null when unset or blank. */
    public @Nullable String get(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    public String get(String name, String fallback) {
        String value = get(name);
        return value == null ? fallback : value;
    }

    /** @param example a value that would be right, for the message */
    public String required(String name, String example) {
        String value = get(name);
        if (value == null) {
            throw new InvalidStorageSettingException(type, name, "it is not set, and " + type + " storage needs it.", "set it, e.g. " + example);
        }
        return value;
    }

    public boolean bool(String name, boolean fallback) {
        String value = get(name);
        if (value == null) {
            return fallback;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new InvalidStorageSettingException(type, name, "'" + value + "' is not a yes/no value.", "use true or false");
        };
    }

    /** A size in bytes between {@code min} and {@code max}. */
    public long bytes(String name, long fallback, long min, long max) {
        String value = get(name);
        if (value == null) {
            return fallback;
        }
        Matcher matcher = SIZE.matcher(value);
        long bytes;
        try {
            if (!matcher.matches()) {
                throw new NumberFormatException(value);
            }
            bytes = Math.multiplyExact(Long.parseLong(matcher.group(1)), unit(matcher.group(2)));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new InvalidStorageSettingException(type, name, "'" + value + "' is not a size.", "write it like 16MB or 16777216 (bytes)");
        }
        if (bytes < min || bytes > max) {
            throw new InvalidStorageSettingException(type, name, "it must be between " + human(min) + " and " + human(max) + ", but was "
                    + value + ".", "use e.g. " + human(fallback) + " (the default)");
        }
        return bytes;
    }

    /** A positive duration. */
    public Duration duration(String name, Duration fallback) {
        String value = get(name);
        if (value == null) {
            return fallback;
        }
        Duration duration;
        try {
            if (value.toUpperCase(Locale.ROOT).startsWith("P")) {
                duration = Duration.parse(value);
            } else {
                Matcher matcher = DURATION.matcher(value);
                if (!matcher.matches()) {
                    throw new DateTimeParseException(value, value, 0);
                }
                long amount = Long.parseLong(matcher.group(1));
                String unit = matcher.group(2) == null ? "s" : matcher.group(2).toLowerCase(Locale.ROOT);
                duration = switch (unit) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    case "d" -> Duration.ofDays(amount);
                    default -> Duration.ofSeconds(amount);
                };
            }
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            throw new InvalidStorageSettingException(type, name, "'" + value + "' is not a duration.", "write it like 30s, 5m or PT5M");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new InvalidStorageSettingException(type, name, "it must be longer than zero, but was " + value + ".", "use e.g. 5m");
        }
        return duration;
    }

    private static long unit(@Nullable String unit) {
        if (unit == null) {
            return 1;
        }
        return switch (unit.toUpperCase(Locale.ROOT)) {
            case "B" -> 1;
            case "KB", "KIB" -> 1024L;
            case "MB", "MIB" -> 1024L * 1024;
            case "GB", "GIB" -> 1024L * 1024 * 1024;
            case "TB", "TIB" -> 1024L * 1024 * 1024 * 1024;
            default -> throw new NumberFormatException(unit);
        };
    }

    /**
     * The bucket and prefix of {@code scheme://bucket/prefix}, the form object stores share (S3, GCS, Azure containers).
     * A query string, a fragment, an empty segment ({@code //}) and {@code .} or {@code ..} segments are refused: taken
     * as part of the prefix they would name objects nobody meant (a pasted SAS {@code ?sig=…} would even be written
     * into every object name and message). Messages never show what follows {@code ?} or {@code #}.
     *
     * @throws InvalidStorageSettingException when the URI names no bucket or holds one of those
     */
    public static Map<String, String> bucketAndPrefix(String uri, String scheme, String type) {
        String value = uri.strip();
        String shown = withoutQuery(value);
        int query = value.indexOf('?');
        int fragment = value.indexOf('#');
        if (query >= 0 && (fragment < 0 || query < fragment)) {
            throw new InvalidStorageSettingException(type, "prefix", "a query string (?…) is not part of a storage URI.", "remove it and "
                    + "everything after it: write " + value.substring(0, query) + "; credentials (a SAS token, a key) go in the environment, "
                    + "see docs/storage-" + type + ".md");
        }
        if (fragment >= 0) {
            throw new InvalidStorageSettingException(type, "prefix", "a fragment (#…) is not part of a storage URI.", "remove it and "
                    + "everything after it: write " + value.substring(0, fragment));
        }
        String rest = value.substring(scheme.length() + 3);
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        if (bucket.isEmpty()) {
            throw new InvalidStorageSettingException(type, "bucket", "'" + shown + "' names no bucket.", "write " + scheme + "://bucket/prefix");
        }
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        String[] segments = prefix.split("/", -1);
        List<String> kept = new ArrayList<>();
        String problem = null;
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.isEmpty() && i < segments.length - 1) {
                problem = problem != null ? problem : "'" + shown + "' has an empty path segment (//), which would make a folder without a name.";
            } else if (segment.equals(".") || segment.equals("..")) {
                problem = problem != null ? problem : "'" + shown + "' has a '" + segment + "' segment; an object store has no relative "
                        + "paths, so it would become part of the object names.";
            } else {
                kept.add(segment);
            }
        }
        if (problem != null) {
            throw new InvalidStorageSettingException(type, "prefix", problem, "write the prefix without it, e.g. " + scheme + "://" + bucket
                    + "/" + String.join("/", kept));
        }
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put("bucket", bucket);
        settings.put("prefix", prefix);
        return settings;
    }

    /** {@code uri} without what follows {@code ?} or {@code #} (it may hold a SAS token or a key), for messages. */
    public static String withoutQuery(String uri) {
        int cut = uri.length();
        for (char mark : new char[] {'?', '#'}) {
            int at = uri.indexOf(mark);
            if (at >= 0 && at < cut) {
                cut = at;
            }
        }
        return cut == uri.length() ? uri : uri.substring(0, cut) + uri.charAt(cut) + "…";
    }

    /** A size as users write it: {@code 3072MB}, {@code 4KB}, {@code 100B}. */
    public static String human(long bytes) {
        long mb = 1024L * 1024;
        return bytes % mb == 0 ? bytes / mb + "MB" : bytes % 1024 == 0 ? bytes / 1024 + "KB" : bytes + "B";
    }

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([A-Za-z]+)?");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?", Pattern.CASE_INSENSITIVE);

    /**
     * Whether a setting of this name may hold a secret (a key, token, password, connection string): its
     * value is hidden here and must not be taken from a command line, where other users can read it.
     */
    public static boolean isSecret(String settingName) {
        return SECRET.matcher(settingName).find();
    }

    /** Values of settings that may be secret are hidden. */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        values.forEach((name, value) -> shown.put(name, isSecret(name) ? "****" : value));
        return "StorageSettings[type=" + type + ", values=" + shown + "]";
    }

    private static final Pattern SECRET = Pattern.compile("(?i)secret|password|token(?!-url)|key(?!-id)|sas|credential(?!s-file)|connection-string");
}
