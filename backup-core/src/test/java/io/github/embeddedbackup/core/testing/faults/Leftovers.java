package io.github.embeddedbackup.core.testing.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * What a fault leaves behind. Take a {@link #snapshot} of a folder (a temp folder, a storage folder) before,
 * then {@link #assertNothingNew} after; and search a folder's files for a secret's bytes.
 */
public final class Leftovers {

    private final Path root;
    private final Set<String> before;

    private Leftovers(Path root, Set<String> before) {
        this.root = root;
        this.before = before;
    }

    /** Remembers every file and folder under {@code root} (relative paths); a missing root counts as empty. */
    public static Leftovers snapshot(Path root) {
        return new Leftovers(root, paths(root));
    }

    /** Paths (relative to the root) that appeared since the snapshot. */
    public Set<String> added() {
        Set<String> now = paths(root);
        now.removeAll(before);
        return now;
    }

    /** Fails when a file or folder appeared since the snapshot, except those {@code expected} accepts (relative paths, '/'-separated). */
    public void assertNothingNew(Predicate<String> expected) {
        List<String> unexpected = added().stream().filter(expected.negate()).toList();
        assertThat(unexpected).as("files left under %s since the snapshot", root).isEmpty();
    }

    public void assertNothingNew() {
        assertNothingNew(path -> false);
    }

    /**
     * Fails when any regular file under {@code folder} (recursive, links not followed) contains the secret's
     * bytes in any form {@link SecretScan} knows (UTF-8).
     */
    public static void assertNoFileContains(Path folder, SecretScan secret) {
        for (Path file : files(folder)) {
            byte[] content;
            try {
                content = Files.readAllBytes(file);
            } catch (IOException e) {
                if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                    continue; // removed since the walk: it holds nothing any more
                }
                throw new AssertionError("Cannot read " + file + " to look for the secret: " + e, e);
            }
            for (String form : secret.forms()) {
                assertThat(indexOf(content, form.getBytes(StandardCharsets.UTF_8)))
                        .as("%s holds the secret%s", file, form.equals(secret.forms().get(0)) ? "" : " (encoded)")
                        .isEqualTo(-1);
            }
        }
    }

    /** Every regular file under {@code folder}, without following links; empty when the folder does not exist. */
    public static List<Path> files(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        for (int attempt = 1; ; attempt++) {
            try (Stream<Path> walk = Files.walk(folder)) {
                return walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList();
            } catch (IOException | UncheckedIOException e) {
                if (attempt == 3) { // a file vanishing mid-walk is retried; anything else must not pass as "no files"
                    throw new AssertionError("Cannot list the files under " + folder + ": " + e, e);
                }
            }
        }
    }

    private static Set<String> paths(Path root) {
        Set<String> paths = new TreeSet<>();
        if (!Files.isDirectory(root)) {
            return paths;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> !p.equals(root)).forEach(p -> paths.add(root.relativize(p).toString().replace('\\', '/')));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return paths;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
