package io.github.embeddedbackup.core.source.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * SQLite result codes by name, and the figures a message about them needs. Callers say what a code means
 * for their operation: a full disk, a lock and a damaged file each need a different action from the user.
 */
final class SqliteCodes {

    static final int BUSY = 5;
    static final int LOCKED = 6;
    static final int READONLY = 8;
    static final int IOERR = 10;
    static final int CORRUPT = 11;
    static final int FULL = 13;
    static final int CANTOPEN = 14;
    static final int NOTADB = 26;

    private SqliteCodes() {}

    /** The primary code of a (possibly extended) result code: SQLITE_IOERR_WRITE is SQLITE_IOERR. */
    static int primary(int rc) {
        return rc & 0xff;
    }

    /** "SQLITE_FULL, code 13", or "code 4242" for a code the driver does not know. */
    static String name(int rc) {
        SQLiteErrorCode code = SQLiteErrorCode.getErrorCode(rc);
        return code == SQLiteErrorCode.UNKNOWN_ERROR ? "code " + rc : code.name() + ", code " + rc;
    }

    /** Name and SQLite's own short description, for codes without a message of their own. */
    static String describe(int rc) {
        SQLiteErrorCode code = SQLiteErrorCode.getErrorCode(rc);
        return code == SQLiteErrorCode.UNKNOWN_ERROR ? "code " + rc : code.name() + " (code " + rc + ": " + code.message + ")";
    }

    /** The result code of a driver exception, or -1 when it carries none. */
    static int of(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException sqlite && sqlite.getResultCode() != SQLiteErrorCode.UNKNOWN_ERROR) {
                return sqlite.getResultCode().code;
            }
        }
        return -1;
    }

    /** Free space in {@code folder} for a message, e.g. "1.2 MiB free"; empty when it cannot be read. */
    static String free(Path folder) {
        try {
            return size(Files.getFileStore(folder).getUsableSpace()) + " free";
        } catch (IOException | RuntimeException e) {
            return "free space unknown";
        }
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
    }

    /** The size of a database with its WAL beside it: what a snapshot of it needs at most. */
    static long databaseSize(Path file) {
        return sizeOrZero(file) + sizeOrZero(file.resolveSibling(file.getFileName() + "-wal"));
    }

    private static long sizeOrZero(@Nullable Path file) {
        try {
            return file != null && Files.isRegularFile(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
