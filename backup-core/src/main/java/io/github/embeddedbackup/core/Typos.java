package io.github.embeddedbackup.core;

import java.util.Collection;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The nearest known name to a misspelt one, for "did you mean" hints. */
public final class Typos {

    private Typos() {}

    /** The candidate within two edits of {@code given} (ignoring case, {@code -} and {@code _}), or null. */
    public static @Nullable String nearest(String given, Collection<String> candidates) {
        String wanted = plain(given);
        String best = null;
        int bestDistance = 3;
        for (String candidate : candidates) {
            int distance = distance(wanted, plain(candidate));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** Lower case without {@code -}, {@code _} and {@code .}: {@code pathStyle}, {@code path-style} and {@code PATH_STYLE} are one name. */
    public static String plain(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]", "");
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
