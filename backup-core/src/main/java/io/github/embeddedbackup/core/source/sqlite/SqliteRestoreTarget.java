package io.github.embeddedbackup.core.source.sqlite;

import io.github.embeddedbackup.core.Remedy;
import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.BackupException;
import io.github.embeddedbackup.core.manifest.SourceRecord;
import io.github.embeddedbackup.core.source.RestoreOptions;
import io.github.embeddedbackup.core.source.RestoreTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a SQLite database into a file. The data is written to a hidden temporary file next to the
 * target, checked with {@code PRAGMA integrity_check}, flushed to disk and only then moved into place:
 * a failed restore leaves no file behind and never touches an existing one. An existing file is
 * replaced only with {@code clean}, and never while it looks in use (a {@code -wal}, {@code -shm} or
 * {@code -journal} file beside it).
 *
 * <p>A target {@linkplain #live(Path) in use} is instead overwritten through SQLite's online backup
 * API, in one write transaction: connections that have it open (the application's pool) see the
 * restored content at once, and never a half-written file. Replacing the file under them would leave
 * them reading and writing the old, unlinked one.
 */
public final class SqliteRestoreTarget implements RestoreTarget {

    /** How long a restore copy must have been left untouched before a later restore removes it. */
    static final Duration LEFTOVER_AGE = Duration.ofMinutes(10);

    private static final Logger logger = LoggerFactory.getLogger(SqliteRestoreTarget.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final int BUSY_SLEEP_MILLIS = 100;
    private static final int BUSY_RETRIES = 300;

    private final Path target;
    private final boolean live;

    public SqliteRestoreTarget(Path target) {
        this(target, false);
    }

    private SqliteRestoreTarget(Path target, boolean live) {
        this.target = target.toAbsolutePath().normalize();
        this.live = live;
    }

    /** A target that may be open in this or another process: an existing file is overwritten through SQLite, not replaced. */
    public static SqliteRestoreTarget live(Path target) {
        return new SqliteRestoreTarget(target, true);
    }

    @Override
    public String describe() {
        return "sqlite:" + target;
    }

    @Override
    public boolean accepts(SourceRecord source) {
        return SqliteSource.TYPE.equals(source.type());
    }

    @Override
    public void check(SourceRecord source, RestoreOptions options) {
        if (!options.tables().isEmpty() || options.jobs() > 1) {
            throw new BackupConfigurationException("Restoring only some tables, or with parallel jobs, applies to PostgreSQL only; a "
                    + "SQLite database is restored whole.").withRemedies(Remedy.SELECT_TABLES, Remedy.PARALLEL_JOBS);
        }
        if (Files.isDirectory(target)) {
            throw new BackupConfigurationException("Cannot restore into " + target + ": it is a folder. Give the path of the database file.");
        }
        if (Files.exists(target)) {
            if (!options.clean()) {
                throw new BackupConfigurationException("Refusing to overwrite " + target + ": the file exists. Restore into a new file, "
                        + "or let the restore replace it (stop the application that uses it first).").withRemedies(Remedy.CLEAN_TARGET);
            }
            for (String suffix : live ? new String[0] : new String[] {"-wal", "-shm", "-journal"}) {
                Path companion = target.resolveSibling(target.getFileName() + suffix);
                if (Files.exists(companion)) {
                    throw new BackupConfigurationException("Refusing to replace " + target + ": " + companion.getFileName()
                            + " exists beside it, so the database is in use or was not closed cleanly. Stop the application, "
                            + "open and close the database once (e.g. sqlite3 " + target + " 'pragma wal_checkpoint') and try again.");
                }
            }
        }
    }

    @Override
    public void restore(SourceRecord source, InputStream entry, RestoreOptions options) throws IOException {
        Path directory = target.getParent();
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        Path temp = directory.resolve("." + target.getFileName() + ".restore-" + HexFormat.of().formatHex(random) + ".tmp");
        removeLeftovers(directory);
        try {
            writeCopy(source, entry, temp);
            checkIntegrity(source, temp);
            if (options.clean() && live && Files.exists(target)) {
                overwriteThroughSqlite(source, temp);
            } else if (options.clean()) {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                try {
                    Files.createLink(target, temp); // atomic, and fails if the target appeared meanwhile
                    Files.delete(temp);
                } catch (UnsupportedOperationException | IOException linkFailure) {
                    if (linkFailure instanceof FileAlreadyExistsException) {
                        throw linkFailure;
                    }
                    Files.move(temp, target);
                }
            }
            logger.info("Restore finished. source: {}, target: {}", source.name(), target);
        } catch (FileAlreadyExistsException e) {
            throw new BackupException("Refusing to overwrite " + target + ": the file appeared while restoring. Nothing was changed.", e);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Removes what earlier restores into this file left when their process was killed (a whole copy of a database
     * each). Only copies untouched for {@link #LEFTOVER_AGE}: a restore that runs writes its copy continuously.
     */
    private void removeLeftovers(Path directory) {
        String prefix = "." + target.getFileName() + ".restore-";
        Instant cutoff = Instant.now().minus(LEFTOVER_AGE);
        try (DirectoryStream<Path> copies = Files.newDirectoryStream(directory, path -> {
            String name = path.getFileName().toString();
            return name.startsWith(prefix) && name.endsWith(".tmp");
        })) {
            for (Path copy : copies) {
                if (Files.getLastModifiedTime(copy).toInstant().isBefore(cutoff)) {
                    Files.deleteIfExists(copy);
                    logger.info("Removed the copy an interrupted restore left behind. file: {}", copy);
                }
            }
        } catch (IOException e) {
            logger.warn("Could not remove copies interrupted restores left beside {}: {}", target, e.toString());
        }
    }

    /**
     * Writes the entry to {@code temp}, flushed to disk. A failure to read the entry is thrown as it is (the
     * caller reports a damaged or unreadable backup); a failure to write is the target folder's, and said so.
     */
    private void writeCopy(SourceRecord source, InputStream entry, Path temp) throws IOException {
        long written = 0;
        try {
            Files.createDirectories(temp.getParent());
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = read(entry, buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    written += n;
                }
                channel.force(true);
            }
        } catch (EntryReadException e) {
            throw e.getCause();
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            Path folder = temp.getParent();
            String reason = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.getMessage();
            throw new BackupException("Restoring source '" + source.name() + "' into " + target + " failed: cannot write the "
                    + "restored database in " + folder + ": " + reason + (written > 0 ? ", after " + SqliteCodes.size(written) : "")
                    + ". Nothing was changed; the partial file was removed"
                    + (Files.isDirectory(folder) ? " (the folder has " + SqliteCodes.free(folder) + ")" : "")
                    + ". Free space in that folder or make it writable, or restore into another folder.", e);
        }
    }

    private static int read(InputStream entry, byte[] buffer) throws EntryReadException {
        try {
            return entry.read(buffer);
        } catch (IOException e) {
            throw new EntryReadException(e);
        }
    }

    /** Carries a failure to read the backup past the handler of write failures. */
    private static final class EntryReadException extends IOException {
        EntryReadException(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    /**
     * One backup step from the checked copy into the live database: all pages in one write transaction. It
     * runs from the copy's connection because the driver's {@code restore} reports the copy's result code, not
     * the target's: a live target whose folder was full stayed unchanged while the restore returned success.
     */
    private void overwriteThroughSqlite(SourceRecord source, Path checked) {
        String failed = "Restoring source '" + source.name() + "' into the live database " + target + " failed";
        try (Connection copy = SqliteFiles.open(checked, false)) {
            int rc = ((org.sqlite.SQLiteConnection) copy).getDatabase().backup("main", target.toString(), null,
                    BUSY_SLEEP_MILLIS, BUSY_RETRIES, -1);
            if (rc != 0) {
                throw new BackupException(failed + explain(rc, BUSY_SLEEP_MILLIS * BUSY_RETRIES, checked));
            }
        } catch (SQLException e) {
            int rc = SqliteCodes.of(e);
            throw new BackupException(failed + (rc > 0 ? explain(rc, SqliteFiles.BUSY_TIMEOUT_MILLIS, checked)
                    : ": " + e.getMessage() + ". SQLite rolls the write back: the database is as it was."), e);
        }
    }

    /** What a SQLite result code means when overwriting the live target from the checked copy; starts with ": " or " ". */
    private String explain(int rc, int waitedMillis, Path checked) {
        String code = SqliteCodes.name(rc);
        String unchanged = " SQLite rolled the write back: the database is as it was.";
        return switch (SqliteCodes.primary(rc)) {
            case SqliteCodes.BUSY, SqliteCodes.LOCKED -> ": the database stayed locked by a writer for " + waitedMillis / 1000
                    + " s (" + code + "). Nothing was changed; try again when it is less busy.";
            case SqliteCodes.FULL -> ": no space left in " + target.getParent() + " for the restored database (" + code + "; it needs "
                    + "about " + SqliteCodes.size(SqliteCodes.databaseSize(checked)) + ", the folder has "
                    + SqliteCodes.free(target.getParent()) + ")." + unchanged + " Free space in that folder and try again.";
            case SqliteCodes.IOERR -> ": an I/O error (" + code + ") while writing " + target + "." + unchanged
                    + " Check the disk (e.g. dmesg) and try again.";
            case SqliteCodes.READONLY -> ": " + target + " may not be written (" + code + "). Nothing was changed. Check the "
                    + "permissions of the file and its folder, and that the file system is not mounted read-only.";
            case SqliteCodes.CANTOPEN -> ": SQLite could not open " + target + " or its journal beside it (" + code + "). Nothing was "
                    + "changed. Check that this user may write the file and its folder.";
            case SqliteCodes.NOTADB, SqliteCodes.CORRUPT -> ": the live database " + target + " is damaged or not a SQLite "
                    + "database (" + code + "); the restored copy itself passed PRAGMA integrity_check. Nothing was changed. Stop "
                    + "what uses it and restore into a new file instead.";
            default -> " with SQLite " + SqliteCodes.describe(rc) + "." + unchanged;
        };
    }

    private void checkIntegrity(SourceRecord source, Path file) {
        try (Connection conn = SqliteFiles.open(file, false)) {
            String result = SqliteFiles.integrityCheck(conn);
            if (!"ok".equals(result)) {
                throw new BackupException("The SQLite database of source '" + source.name() + "' fails PRAGMA integrity_check: " + result
                        + ". It was not restored to " + target + ". Restore an earlier backup.");
            }
        } catch (SQLException e) {
            throw new BackupException("The restored SQLite database of source '" + source.name() + "' cannot be opened: " + e.getMessage()
                    + ". It was not restored to " + target + ".", e);
        }
    }
}
