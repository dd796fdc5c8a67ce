package io.github.embeddedbackup.core.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Private temporary folders for snapshots and spooled dumps, their removal, and the removal of what a
 * killed process left behind. Every such folder is named {@code embeddedbackup-<kind>-<pid>-<random>},
 * so a later process can tell whether its owner still runs.
 */
public final class TempFiles {

    private static final Logger logger = LoggerFactory.getLogger(TempFiles.class);
    private static final String PREFIX = "embeddedbackup-";
    /** A folder of this version: the pid of the process that made it. */
    private static final Pattern OURS = Pattern.compile("embeddedbackup-[a-z]+-(\\d+)-\\d+");
    /** A folder of a version before the pid was part of the name. */
    private static final Pattern OLDER = Pattern.compile("embeddedbackup-[a-z]+-\\d+");
    /** Older versions' folders carry no pid; one untouched this long belongs to no running backup. */
    private static final Duration OLDER_GRACE = Duration.ofHours(24);

    private TempFiles() {}

    /** A new folder in {@code java.io.tmpdir} that only this user can enter (mode 700). */
    public static Path privateDirectory(String prefix) throws IOException {
        return Files.createTempDirectory(prefix + ProcessHandle.current().pid() + "-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    /** A private folder for a restore drill's scratch file or folder, with an actionable error when none can be made. */
    public static Path drillDirectory() {
        try {
            return privateDirectory("embeddedbackup-drill-");
        } catch (IOException e) {
            throw new io.github.embeddedbackup.core.BackupException("Cannot create a folder for the drill in "
                    + System.getProperty("java.io.tmpdir") + ": " + e.getMessage() + ". Free space there, or point java.io.tmpdir at a "
                    + "folder with room.", e);
        }
    }

    /**
     * Deletes a folder and everything below it, without following links; read-only folders inside are
     * made writable first. A failure is logged, not thrown: callers use it in {@code finally}.
     */
    public static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            List<Path> all = paths.toList();
            for (Path path : all) {
                if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    path.toFile().setWritable(true, true);
                }
            }
            for (Path path : all.stream().sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            logger.warn("Cannot remove the temporary folder {}: {}. Remove it by hand.", root, e.toString());
        }
    }

    /**
     * Removes from {@code java.io.tmpdir} what killed processes of this user left: password files of
     * older versions ({@code embeddedbackup-*.pgpass}), and spooled dumps and snapshots whose process
     * no longer runs. Call it at start-up; it never touches a folder of a running process.
     *
     * @return the paths removed
     */
    public static List<Path> removeLeftovers() {
        return removeLeftovers(Path.of(System.getProperty("java.io.tmpdir")), Instant.now());
    }

    static List<Path> removeLeftovers(Path folder, Instant now) {
        List<Path> removed = new ArrayList<>();
        List<Path> candidates;
        try (Stream<Path> entries = Files.list(folder)) {
            candidates = entries.filter(path -> path.getFileName().toString().startsWith(PREFIX)).toList();
        } catch (IOException e) {
            logger.debug("Cannot look for leftovers in {}: {}", folder, e.toString());
            return removed;
        }
        for (Path path : candidates) {
            try {
                if (isLeftover(path, now)) {
                    if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                        deleteRecursively(path);
                    } else {
                        Files.deleteIfExists(path);
                    }
                    removed.add(path);
                }
            } catch (IOException e) {
                logger.warn("Cannot remove {}, left by an earlier run: {}. Remove it by hand.", path, e.toString());
            }
        }
        if (!removed.isEmpty()) {
            logger.info("Removed what earlier runs left in the temporary folder. paths: {}", removed);
        }
        return removed;
    }

    private static boolean isLeftover(Path path, Instant now) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"))) {
            return false; // another user's: not ours to judge
        }
        String name = path.getFileName().toString();
        if (attributes.isRegularFile() && name.endsWith(".pgpass")) {
            return true; // this version writes no password file: any such file is a plain-text password left behind
        }
        if (!attributes.isDirectory()) {
            return false;
        }
        Matcher ours = OURS.matcher(name);
        if (ours.matches()) {
            return !runsSince(Long.parseLong(ours.group(1)), attributes.creationTime().toInstant());
        }
        return OLDER.matcher(name).matches()
                && attributes.lastModifiedTime().toInstant().isBefore(now.minus(OLDER_GRACE));
    }

    /** Whether process {@code pid} runs and is the one that existed at {@code created} (pids are reused). */
    private static boolean runsSince(long pid, Instant created) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return false;
        }
        Optional<Instant> started = process.get().info().startInstant();
        // Start times have a coarse resolution: allow a few seconds before declaring the pid reused.
        return started.isEmpty() || !started.get().isAfter(created.plusSeconds(5));
    }
}
