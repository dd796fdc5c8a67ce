package io.github.embeddedbackup.core.storage;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores objects as files below a root folder. A write goes to a hidden temporary file in the target
 * folder, is flushed to disk ({@code fsync}) and then atomically renamed into place, so a crash never
 * leaves a partial object under its key. Hidden files ({@code .name}) are never listed.
 *
 * <p>On POSIX file systems the files it creates are readable by their owner only (600) and the folders
 * it creates can be entered by their owner only (700): archives and manifests describe the data.
 */
public final class FilesystemBackupStorage implements BackupStorage {

    private static final Logger logger = LoggerFactory.getLogger(FilesystemBackupStorage.class);
    private static final String TEMP_SUFFIX = ".partial";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final FileAttribute<?>[] PRIVATE_FILE = {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
    private static final FileAttribute<?>[] PRIVATE_FOLDER = {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))};

    private final Path root;

    private final boolean posix;

    public FilesystemBackupStorage(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.posix = this.root.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    @Override
    public void requireExisting() {
        if (!Files.exists(root)) {
            throw new StorageException("The storage folder " + root.toAbsolutePath() + " does not exist. It must name the folder that "
                    + "backups were written to.", describe(), null, null);
        }
        if (!Files.isDirectory(root)) {
            throw new StorageException("The storage " + root.toAbsolutePath() + " is a file, not a folder. Name the folder that backups "
                    + "were written to.", describe(), null, null);
        }
    }

    public Path root() {
        return root;
    }

    @Override
    public StorageWriter openWriter(String key) {
        Path target = resolve(key);
        try {
            Files.createDirectories(target.getParent(), posix ? PRIVATE_FOLDER : new FileAttribute<?>[0]);
            byte[] random = new byte[6];
            RANDOM.nextBytes(random);
            Path temp = target.resolveSibling("." + target.getFileName() + "." + HexFormat.of().formatHex(random) + TEMP_SUFFIX);
            FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    posix ? PRIVATE_FILE : new FileAttribute<?>[0]);
            return new FileWriter(key, target, temp, channel);
        } catch (FileAlreadyExistsException e) {
            throw inTheWay(key, e.getFile(), e);
        } catch (IOException e) {
            throw writeFailure(key, target.getParent(), e);
        }
    }

    /** A write that the file system refused, explained: which folder, why, what to do. */
    private StorageException writeFailure(String key, Path folder, IOException e) {
        if (e instanceof java.nio.file.FileSystemException fs && "Not a directory".equals(fs.getReason())) {
            return inTheWay(key, fs.getFile(), e);
        }
        return notWritable(folder, e)
                .map(message -> new StorageException(message, describe(), key, e))
                .orElseGet(() -> new StorageException("Cannot write '" + key + "' in " + describe() + ": " + e, describe(), key, e));
    }

    /** "The backup folder … is not writable: …" when {@code e} says so, for a raw permission or read-only error. */
    private static Optional<String> notWritable(Path folder, IOException e) {
        String reason = e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null ? fs.getReason() : "";
        String why;
        if (e instanceof AccessDeniedException) {
            why = "permission denied for user '" + System.getProperty("user.name") + "'. Give this user write permission on the "
                    + "folder (and search permission on its parents), or choose another backup folder.";
        } else if (reason.equals("Read-only file system")) {
            why = "it is on a read-only file system. Mount it read-write, or choose another backup folder.";
        } else if (reason.equals("Operation not permitted")) {
            why = "the file system does not permit it (an immutable folder, or a security policy). Check the folder's attributes "
                    + "(lsattr -d), or choose another backup folder.";
        } else {
            return Optional.empty();
        }
        return Optional.of("The backup folder " + folder + " is not writable: " + why);
    }

    private StorageException inTheWay(String key, String path, IOException e) {
        return new StorageException("Cannot create the backup folder " + path + ": a file is in the way (a folder is needed "
                + "there). Move the file, or choose another backup folder.", describe(), key, e);
    }

    @Override
    public InputStream openReader(String key) {
        Path file = resolve(key);
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(describe(), key);
        } catch (IOException e) {
            throw new StorageException("Cannot read '" + key + "' in " + describe() + ": " + e, describe(), key, e);
        }
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        Path file = resolve(key);
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                // Never written by this library: someone put it there. Saying "absent" would let cleanup take the
                // archive of a backup whose manifest this is for an orphan.
                throw new StorageException("'" + key + "' in " + describe() + " is a " + (attributes.isDirectory() ? "folder" : "special file")
                        + ", not a file. Move it out of the backup folder (or put the original file back); nothing was changed.",
                        describe(), key, null);
            }
            return Optional.of(new ObjectInfo(key, attributes.size(), attributes.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StorageException("Cannot read '" + key + "' in " + describe() + ": " + e, describe(), key, e);
        }
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        StorageKeys.checkPrefix(prefix);
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        List<ObjectInfo> result = new ArrayList<>();
        try (Stream<Path> files = Files.walk(start)) {
            files.filter(Files::isRegularFile)
                    .filter(path -> !isHidden(path))
                    .forEach(path -> {
                        String key = keyOf(path);
                        if (key.startsWith(prefix)) {
                            stat(key).ifPresent(result::add);
                        }
                    });
        } catch (IOException | UncheckedIOException e) {
            throw new StorageException("Cannot list '" + prefix + "' in " + describe() + ": " + e, describe(), prefix, e);
        }
        result.sort(Comparator.comparing(ObjectInfo::key));
        return result;
    }

    @Override
    public void delete(String key) {
        Path file = resolve(key);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new StorageException("Cannot delete '" + key + "' in " + describe() + ": "
                    + notWritable(file.getParent(), e).orElse(e.toString()), describe(), key, e);
        }
    }

    @Override
    public int purgeIncompleteWrites(Instant olderThan) {
        int removed = 0;
        for (ObjectInfo partial : incompleteWrites()) {
            if (partial.lastModified().isBefore(olderThan)) {
                try {
                    Files.deleteIfExists(root.resolve(partial.key()));
                } catch (IOException e) {
                    throw new StorageException("Cannot clean up " + describe() + ": " + e, describe(), null, e);
                }
                removed++;
            }
        }
        return removed;
    }

    /** The hidden {@code .name.random.partial} files of writes that were never committed nor aborted (a killed process). */
    @Override
    public List<ObjectInfo> incompleteWrites() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<ObjectInfo> partial = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path path : (Iterable<Path>) files::iterator) {
                String name = path.getFileName().toString();
                if (name.startsWith(".") && name.endsWith(TEMP_SUFFIX)) {
                    BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                    if (attributes.isRegularFile()) {
                        partial.add(new ObjectInfo(keyOf(path), attributes.size(), attributes.lastModifiedTime().toInstant()));
                    }
                }
            }
        } catch (NoSuchFileException e) {
            return incompleteWrites(); // one was committed or aborted while we looked
        } catch (IOException | UncheckedIOException e) {
            throw new StorageException("Cannot look for partial files in " + describe() + ": " + e, describe(), null, e);
        }
        partial.sort(Comparator.comparing(ObjectInfo::key));
        return partial;
    }

    /**
     * The usable and total space of the volume that holds the root folder; of its nearest existing parent
     * while the folder is not created yet (the first backup creates it on that volume).
     */
    @Override
    public Optional<StorageSpace> space() {
        Path existing = root;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return Optional.empty();
        }
        try {
            FileStore store = Files.getFileStore(existing);
            return Optional.of(new StorageSpace(store.getUsableSpace(), store.getTotalSpace()));
        } catch (IOException | SecurityException e) {
            logger.debug("Cannot read the free space of {}: {}", existing, e.toString());
            return Optional.empty();
        }
    }

    @Override
    public String describe() {
        return "file:" + root;
    }

    @Override
    public String toString() {
        return describe();
    }

    private Path resolve(String key) {
        StorageKeys.check(key);
        return root.resolve(key);
    }

    private String keyOf(Path path) {
        return root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
    }

    private boolean isHidden(Path path) {
        for (Path part : root.relativize(path)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static void fsyncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems cannot sync a directory; the rename itself is still atomic.
            logger.debug("Cannot fsync directory {}: {}", directory, e.toString());
        }
    }

    private final class FileWriter extends StorageWriter {

        private final String key;
        private final Path target;
        private final Path temp;
        private final FileChannel channel;
        private final OutputStream out;
        private boolean finished;

        FileWriter(String key, Path target, Path temp, FileChannel channel) {
            this.key = key;
            this.target = target;
            this.temp = temp;
            this.channel = channel;
            this.out = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel), 1 << 16);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (finished) {
                return;
            }
            try {
                out.flush();
                channel.force(true);
                channel.close();
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw notWritable(target.getParent(), e).<IOException>map(message -> new IOException(message, e)).orElse(e);
                }
                fsyncDirectory(target.getParent());
                finished = true;
                logger.debug("Stored object. key: {}, storage: {}", key, describe());
            } catch (IOException | RuntimeException e) {
                abort();
                throw e;
            }
        }

        @Override
        public void abort() {
            if (finished) {
                return;
            }
            finished = true;
            try {
                channel.close();
            } catch (IOException e) {
                logger.debug("Closing {} failed: {}", temp, e.toString());
            }
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                logger.warn("Cannot remove the partial file {}: {}. It is never listed; remove it by hand.", temp, e.toString());
            }
        }
    }
}
