package io.github.embeddedbackup.core.source.sqlite;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.BackupException;
import io.github.embeddedbackup.core.manifest.TableRecord;
import io.github.embeddedbackup.core.source.ArchiveSink;
import io.github.embeddedbackup.core.source.BackupSource;
import io.github.embeddedbackup.core.source.SourceDetails;
import io.github.embeddedbackup.core.source.TempFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sqlite.SQLiteConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backs up a SQLite database file with SQLite's online backup API, while the application keeps
 * using it. The copy is made in a single backup step, which holds one read transaction: it is a
 * consistent snapshot (WAL mode included) and is not restarted by concurrent writers. The snapshot
 * goes to a private temporary folder, is added to the archive and removed.
 */
public final class SqliteSource implements BackupSource {

    public static final String TYPE = "sqlite";
    /** The entry that holds the database, relative to the source's folder in the archive. */
    public static final String ENTRY = "database.sqlite";
    private static final Logger logger = LoggerFactory.getLogger(SqliteSource.class);
    private static final int BUSY_SLEEP_MILLIS = 100;
    private static final int BUSY_RETRIES = 300;

    private final String name;
    private final Path file;

    public SqliteSource(String name, Path file) {
        this.name = name;
        this.file = file.toAbsolutePath();
    }

    @Override
    public String name() {
        return name;
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void preflight() {
        if (!Files.isRegularFile(file)) {
            throw new BackupConfigurationException("SQLite source '" + name + "': " + file + " does not exist or is not a file. "
                    + "Check the path in the JDBC URL (jdbc:sqlite:/path/to/file.db).");
        }
        try {
            // An empty file is a database SQLite has not written yet (the driver creates it so): nothing to warn about.
            if (Files.size(file) > 0 && !SqliteFiles.isSqliteFile(file)) {
                throw new BackupConfigurationException("SQLite source '" + name + "': " + file + " is not a SQLite database "
                        + "(its header is wrong). Check the path.");
            }
        } catch (IOException e) {
            throw new BackupConfigurationException("SQLite source '" + name + "': cannot read " + file + ": " + e.getMessage()
                    + ". Check the file's permissions.", e);
        }
    }

    @Override
    public SourceDetails backup(ArchiveSink sink) throws IOException {
        preflight();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        Path directory;
        try {
            directory = TempFiles.privateDirectory("embeddedbackup-sqlite-");
        } catch (IOException e) {
            throw new BackupException(failed() + ": cannot create a folder for its snapshot in " + tmp + " (the temp folder, "
                    + "java.io.tmpdir): " + e.getMessage() + ". Nothing was stored. Check that the folder exists, is writable and has "
                    + "room for a copy of the database (" + SqliteCodes.size(SqliteCodes.databaseSize(file)) + "), or point "
                    + "java.io.tmpdir elsewhere.", e);
        }
        try {
            Path snapshot = directory.resolve(ENTRY);
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("file", file.getFileName().toString());
            try (Connection conn = SqliteFiles.open(file, false)) {
                properties.put("journalMode", queryString(conn, "pragma journal_mode"));
                int rc = ((SQLiteConnection) conn).getDatabase().backup("main", snapshot.toString(), null,
                        BUSY_SLEEP_MILLIS, BUSY_RETRIES, -1);
                if (rc != 0) {
                    TempFiles.deleteRecursively(directory); // first, so the message tells the free space without it
                    throw new BackupException(failed() + explain(rc, BUSY_SLEEP_MILLIS * BUSY_RETRIES, tmp));
                }
            } catch (SQLException e) {
                int rc = SqliteCodes.of(e);
                throw new BackupException(failed() + (rc > 0 ? explain(rc, SqliteFiles.BUSY_TIMEOUT_MILLIS, tmp)
                        : ": " + e.getMessage() + ". Nothing was stored. Check that the file is a readable SQLite database."), e);
            }
            List<TableRecord> tables = new ArrayList<>();
            try (Connection conn = SqliteFiles.open(snapshot, false)) {
                properties.put("sqliteVersion", queryString(conn, "select sqlite_version()"));
                properties.put("pageSize", queryString(conn, "pragma page_size"));
                try (Statement statement = conn.createStatement()) {
                    for (String table : SqliteFiles.tables(conn)) {
                        try (ResultSet rs = statement.executeQuery("select count(*) from " + SqliteFiles.quoteIdentifier(table))) {
                            rs.next();
                            tables.add(new TableRecord(table, rs.getLong(1)));
                        }
                    }
                }
            } catch (SQLException e) {
                throw new BackupException("Reading the SQLite snapshot of source '" + name + "' in " + tmp + " failed: "
                        + e.getMessage() + ". Nothing was stored; run the backup again.", e);
            }
            sink.addFile(ENTRY, snapshot);
            logger.debug("SQLite snapshot archived. source: {}, bytes: {}", name, Files.size(snapshot));
            return new SourceDetails(properties, tables);
        } finally {
            if (Files.exists(directory)) {
                TempFiles.deleteRecursively(directory); // the snapshot, whole or partial, and any journal SQLite left beside it
            }
        }
    }

    private String failed() {
        return "SQLite online backup of source '" + name + "' (" + file + ") failed";
    }

    /**
     * What a SQLite result code means for this backup, which reads {@link #file} and writes the snapshot into
     * the temp folder {@code tmp}; starts with ": ".
     */
    private String explain(int rc, int waitedMillis, Path tmp) {
        String code = SqliteCodes.name(rc);
        String temp = tmp + " (the temp folder, java.io.tmpdir)";
        return switch (SqliteCodes.primary(rc)) {
            case SqliteCodes.BUSY, SqliteCodes.LOCKED -> ": the database stayed locked by a writer for " + waitedMillis / 1000
                    + " s (" + code + "). Nothing was stored; run the backup again when the application is less busy.";
            case SqliteCodes.FULL -> ": no space left in " + temp + " for the snapshot of the database (" + code + "; it needs up to "
                    + SqliteCodes.size(SqliteCodes.databaseSize(file)) + "; the partial snapshot was removed, which leaves "
                    + SqliteCodes.free(tmp) + "). Nothing was stored. Free space there, or point java.io.tmpdir "
                    + "at a folder with room for a copy of the database.";
            case SqliteCodes.IOERR -> ": an I/O error (" + code + ") while reading the database or writing its snapshot in " + temp
                    + ". Nothing was stored. Check both disks (e.g. dmesg) and run the backup again.";
            case SqliteCodes.READONLY -> ": the snapshot could not be written in " + temp + " (" + code + "). Nothing was stored. "
                    + "Make that folder writable, or point java.io.tmpdir at a writable folder.";
            case SqliteCodes.CANTOPEN -> ": SQLite could not open the database or create its snapshot in " + temp + " (" + code
                    + "). Nothing was stored. Check that this user may read " + file + " (and write its folder, in WAL mode) and "
                    + "may write in the temp folder.";
            case SqliteCodes.NOTADB -> ": " + file + " is not a SQLite database, or it is encrypted (" + code + "). Nothing was "
                    + "stored. Check the path.";
            case SqliteCodes.CORRUPT -> ": the database file " + file + " is damaged (" + code + "). Nothing was stored; earlier "
                    + "backups are unchanged. Check it with sqlite3 " + file + " 'pragma integrity_check', then recover it "
                    + "(sqlite3 .recover) or restore an earlier backup.";
            default -> " with SQLite " + SqliteCodes.describe(rc) + ". Nothing was stored; run the backup again.";
        };
    }

    private static String queryString(Connection conn, String sql) throws SQLException {
        try (Statement statement = conn.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }


    @Override
    public String toString() {
        return "SqliteSource[" + name + ", " + file + "]";
    }
}
