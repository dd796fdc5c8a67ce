package io.github.embeddedbackup.core.source.files;

import io.github.embeddedbackup.core.Remedy;
import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.BackupException;
import io.github.embeddedbackup.core.source.ArchiveSink;
import io.github.embeddedbackup.core.source.BackupSource;
import io.github.embeddedbackup.core.source.SourceDetails;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backs up a directory tree: regular files, empty directories, and symbolic links stored as links
 * (never followed, so nothing outside the root is read). Names (any unicode), permission bits and
 * modification times are kept. The tree is written as one inner PAX tar, the entry {@value #ENTRY}.
 *
 * <p>Globs are matched against the path relative to the root, with {@code /} as separator
 * ({@code **}{@code /*.log}, {@code cache/**}). An excluded directory is skipped whole. With include
 * globs, only matching files, links and directories are stored (their parent folders are recreated
 * on restore).
 */
public final class FileTreeSource implements BackupSource {

    public static final String TYPE = "files";
    public static final String ENTRY = "files.tar";
    private static final Logger logger = LoggerFactory.getLogger(FileTreeSource.class);

    private final String name;
    private final Path root;
    private final List<PathMatcher> includes;
    private final List<PathMatcher> excludes;

    public FileTreeSource(String name, Path root, List<String> includes, List<String> excludes) {
        this.name = name;
        this.root = root.toAbsolutePath().normalize();
        this.includes = includes.stream().map(FileTreeSource::glob).toList();
        this.excludes = excludes.stream().map(FileTreeSource::glob).toList();
    }

    public FileTreeSource(String name, Path root) {
        this(name, root, List.of(), List.of());
    }

    @Override
    public String name() {
        return name;
    }

    /** The folder it backs up. */
    public Path root() {
        return root;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void preflight() {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new BackupConfigurationException("Files source '" + name + "': " + root + " is not a directory"
                    + (Files.isSymbolicLink(root) ? " (it is a symbolic link; give the directory it points to)" : "")
                    + ". Give an existing directory, e.g. file:/var/lib/app/uploads").withRemedies(Remedy.FILES_SOURCE_PATH);
        }
    }

    @Override
    public SourceDetails backup(ArchiveSink sink) throws IOException {
        preflight();
        OutputStream entry = sink.openEntry(ENTRY);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(entry, 10240, "UTF-8");
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        long[] counts = new long[4]; // files, directories, links, bytes
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                if (dir.equals(root)) {
                    return FileVisitResult.CONTINUE;
                }
                String relative = relative(dir);
                if (matches(excludes, relative)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                if (includes.isEmpty() || matches(includes, relative)) {
                    TarArchiveEntry member = new TarArchiveEntry(relative + "/", true);
                    describe(member, dir, attributes);
                    tar.putArchiveEntry(member);
                    tar.closeArchiveEntry();
                    counts[1]++;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                String relative = relative(file);
                if (matches(excludes, relative) || (!includes.isEmpty() && !matches(includes, relative))) {
                    return FileVisitResult.CONTINUE;
                }
                if (attributes.isSymbolicLink()) {
                    TarArchiveEntry member = new TarArchiveEntry(relative, TarConstants.LF_SYMLINK, true);
                    member.setLinkName(Files.readSymbolicLink(file).toString());
                    describe(member, file, attributes);
                    tar.putArchiveEntry(member);
                    tar.closeArchiveEntry();
                    counts[2]++;
                } else if (attributes.isRegularFile()) {
                    counts[3] += copyFile(tar, file, relative, attributes);
                    counts[0]++;
                } else {
                    logger.warn("Skipped {}: not a regular file, directory or symbolic link (device, socket or pipe)", file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                throw unreadable(file, e);
            }
        });
        tar.finish();
        entry.close();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("root", root.toString());
        properties.put("files", Long.toString(counts[0]));
        properties.put("directories", Long.toString(counts[1]));
        properties.put("symlinks", Long.toString(counts[2]));
        properties.put("bytes", Long.toString(counts[3]));
        return new SourceDetails(properties, List.of());
    }

    private long copyFile(TarArchiveOutputStream tar, Path file, String relative, BasicFileAttributes attributes) throws IOException {
        long size = attributes.size();
        TarArchiveEntry member = new TarArchiveEntry(relative, true);
        member.setSize(size);
        describe(member, file, attributes);
        tar.putArchiveEntry(member);
        byte[] buffer = new byte[1 << 16];
        long copied = 0;
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            int n;
            while (copied < size && (n = in.read(buffer, 0, (int) Math.min(buffer.length, size - copied))) > 0) {
                tar.write(buffer, 0, n);
                copied += n;
            }
        } catch (AccessDeniedException e) {
            throw unreadable(file, e);
        }
        if (copied != size) {
            throw new BackupException("Files source '" + name + "': " + file + " shrank from " + size + " to " + copied
                    + " bytes while it was read. Nothing was stored. Back up files that are being rewritten from a snapshot, "
                    + "exclude them, or run the backup again.");
        }
        tar.closeArchiveEntry();
        return size;
    }

    private BackupException unreadable(Path file, IOException e) {
        return new BackupException("Files source '" + name + "': cannot read " + file + " (" + e.getMessage() + "). Nothing was "
                + "stored. Give the process read permission, or exclude the path.", e);
    }

    private static void describe(TarArchiveEntry member, Path path, BasicFileAttributes attributes) throws IOException {
        member.setModTime(attributes.lastModifiedTime());
        int type = member.isDirectory() ? 040000 : member.isSymbolicLink() ? 0120000 : 0100000;
        int permissions = 0644;
        try {
            PosixFileAttributes posix = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            permissions = toMode(posix.permissions());
        } catch (UnsupportedOperationException e) {
            // no POSIX permissions on this file system: keep the default
        }
        member.setMode(type | permissions);
    }

    static int toMode(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return mode;
    }

    private String relative(Path path) {
        return root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
    }

    private static boolean matches(List<PathMatcher> matchers, String relative) {
        Path path = Path.of(relative);
        return matchers.stream().anyMatch(matcher -> matcher.matches(path));
    }

    private static PathMatcher glob(String pattern) {
        return FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    }

    @Override
    public String toString() {
        return "FileTreeSource[" + name + ", " + root + "]";
    }
}
