package io.github.embeddedbackup.core.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Private temporary folders for snapshots and spooled dumps, and their removal. */
public final class TempFiles {

    private static final Logger logger = LoggerFactory.getLogger(TempFiles.class);

    private TempFiles() {}

    /** A new folder in {@code java.io.tmpdir} that only this user can enter (mode 700). */
    public static Path privateDirectory(String prefix) throws IOException {
        return Files.createTempDirectory(prefix, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
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
}
