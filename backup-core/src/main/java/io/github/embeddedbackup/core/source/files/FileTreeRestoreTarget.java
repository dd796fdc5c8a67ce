package io.github.embeddedbackup.core.source.files;

import io.github.embeddedbackup.core.Remedy;
import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.BackupException;
import io.github.embeddedbackup.core.manifest.SourceRecord;
import io.github.embeddedbackup.core.source.RestoreOptions;
import io.github.embeddedbackup.core.source.RestoreTarget;
import io.github.embeddedbackup.core.source.TempFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a directory tree into {@code target}. Nothing is ever written outside it:
 *
 * <ul>
 *   <li>the tree is built in a hidden folder beside the target and moved into place only once the
 *       whole entry has been read and its SHA-256 matched; a failed restore leaves the target as it was;
 *   <li>names that are absolute, contain {@code ..}, or are not plain are refused, as are hard links,
 *       devices and pipes;
 *   <li>symbolic links are created last, after every file and directory, so no file is ever written
 *       through a link (the classic {@code link -> /etc} then {@code link/passwd} trick);
 *   <li>permission bits are restored without set-uid, set-gid and sticky bits.
 * </ul>
 *
 * The target must not exist or be empty; with {@code clean}, an existing target is replaced whole.
 */
public final class FileTreeRestoreTarget implements RestoreTarget {

    private static final Logger logger = LoggerFactory.getLogger(FileTreeRestoreTarget.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path target;

    public FileTreeRestoreTarget(Path target) {
        this.target = target.toAbsolutePath().normalize();
    }

    @Override
    public String describe() {
        return "file:" + target;
    }

    @Override
    public boolean accepts(SourceRecord source) {
        return FileTreeSource.TYPE.equals(source.type());
    }

    @Override
    public void check(SourceRecord source, RestoreOptions options) {
        if (!options.tables().isEmpty() || options.jobs() > 1 || options.create()) {
            throw new BackupConfigurationException("Restoring only some tables, with parallel jobs or into a database the restore "
                    + "creates applies to PostgreSQL only; a files source is restored whole.")
                    .withRemedies(Remedy.SELECT_TABLES, Remedy.PARALLEL_JOBS, Remedy.CREATE_TARGET);
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new BackupConfigurationException("Cannot restore into " + target + ": it exists and is not a directory.");
            }
            if (!options.clean() && !isEmpty(target)) {
                throw new BackupConfigurationException("Refusing to restore into " + target + ": the directory is not empty. "
                        + "Restore into a new directory, or let the restore replace its whole content.").withRemedies(Remedy.CLEAN_TARGET);
            }
        }
    }

    @Override
    public void restore(SourceRecord source, InputStream entry, RestoreOptions options) throws IOException {
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path staging = parent.resolve("." + target.getFileName() + ".restore-" + random());
        Files.createDirectory(staging, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            extract(entry, staging);
            entry.transferTo(OutputStream.nullOutputStream()); // reads to the end, where the entry's SHA-256 is checked
            install(staging, options.clean());
            logger.info("Restore finished. source: {}, target: {}", source.name(), target);
        } finally {
            if (Files.exists(staging, LinkOption.NOFOLLOW_LINKS)) {
                TempFiles.deleteRecursively(staging);
            }
        }
    }

    private void extract(InputStream entry, Path root) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(entry, 10240, 512, "UTF-8", false);
        List<TarArchiveEntry> links = new ArrayList<>();
        List<TarArchiveEntry> directories = new ArrayList<>();
        TarArchiveEntry member;
        while ((member = tar.getNextEntry()) != null) {
            Path path = safePath(root, member.getName());
            if (member.isSymbolicLink()) {
                links.add(member); // created last: nothing may be written through a link
            } else if (member.isDirectory()) {
                Files.createDirectories(path);
                directories.add(member);
            } else if (member.isFile() && !member.isLink()) {
                Files.createDirectories(path.getParent());
                try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS)) {
                    tar.transferTo(out);
                }
                Files.setPosixFilePermissions(path, permissions(member.getMode()));
                Files.setLastModifiedTime(path, FileTime.from(member.getModTime().toInstant()));
            } else {
                throw new BackupException("Refusing to restore '" + member.getName() + "': "
                        + (member.isLink() ? "hard links" : "devices, pipes and other special files") + " are never restored.");
            }
        }
        for (TarArchiveEntry link : links) {
            Path path = safePath(root, link.getName());
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                // e.g. "innocent -> /etc" and "innocent/passwd": the file went into a real folder, the link is refused
                throw refused(link.getName(), "the archive also has files or folders under this link's path");
            }
            Files.createDirectories(path.getParent());
            Files.createSymbolicLink(path, Path.of(link.getLinkName()));
        }
        // Deepest first, so setting a directory's time is not undone by writing into it.
        directories.sort(Comparator.comparing((TarArchiveEntry d) -> d.getName().length()).reversed());
        for (TarArchiveEntry directory : directories) {
            Path path = safePath(root, directory.getName());
            Files.setPosixFilePermissions(path, permissions(directory.getMode() | 0700));
            Files.setLastModifiedTime(path, FileTime.from(directory.getModTime().toInstant()));
        }
        for (TarArchiveEntry directory : directories) {
            Path path = safePath(root, directory.getName());
            Set<PosixFilePermission> wanted = permissions(directory.getMode());
            if (!wanted.equals(Files.getPosixFilePermissions(path))) {
                FileTime time = Files.getLastModifiedTime(path);
                Files.setPosixFilePermissions(path, wanted);
                Files.setLastModifiedTime(path, time);
            }
        }
    }

    /** Resolves an archive name inside {@code root}, refusing anything that could land outside it or on a link. */
    private Path safePath(Path root, String name) {
        String clean = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        if (clean.isEmpty() || clean.startsWith("/") || clean.contains("\\") || clean.contains("\0")) {
            throw refused(name, "it is absolute or empty");
        }
        for (String segment : clean.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw refused(name, "it is not a plain relative path");
            }
        }
        Path path = root.resolve(clean).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw refused(name, "it points outside the target");
        }
        for (Path step = path.getParent(); step != null && !step.equals(root); step = step.getParent()) {
            if (Files.isSymbolicLink(step)) {
                throw refused(name, "its folder " + root.relativize(step) + " is a symbolic link");
            }
        }
        return path;
    }

    private BackupException refused(String name, String why) {
        return new BackupException("Refusing to restore '" + name + "' into " + target + ": " + why + ". The backup was not written by "
                + "this tool or was tampered with; nothing was restored.");
    }

    private void install(Path staging, boolean clean) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        Files.setPosixFilePermissions(staging, Files.getPosixFilePermissions(target));
        if (isEmpty(target)) {
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return;
            } catch (DirectoryNotEmptyException e) {
                throw new BackupException("Refusing to restore into " + target + ": a file appeared in it while restoring. Nothing was changed.", e);
            }
        }
        if (!clean) {
            throw new BackupException("Refusing to restore into " + target + ": it is no longer empty. Nothing was changed.");
        }
        Path old = target.resolveSibling("." + target.getFileName() + ".replaced-" + random());
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
            throw e;
        }
        TempFiles.deleteRecursively(old);
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission permission : PosixFilePermission.values()) {
            if ((mode & (1 << (8 - permission.ordinal()))) != 0) {
                permissions.add(permission);
            }
        }
        return permissions;
    }

    private static boolean isEmpty(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new BackupException("Cannot read " + directory + ": " + e.getMessage(), e);
        }
    }


    private static String random() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
