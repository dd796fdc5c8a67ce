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
            if (!SqliteFiles.isSqliteFile(file)) {
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
        Path directory = TempFiles.privateDirectory("embeddedbackup-sqlite-");
        try {
            Path snapshot = directory.resolve(ENTRY);
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("file", file.getFileName().toString());
            try (Connection conn = SqliteFiles.open(file, false)) {
                properties.put("journalMode", queryString(conn, "pragma journal_mode"));
                int rc = ((SQLiteConnection) conn).getDatabase().backup("main", snapshot.toString(), null,
                        BUSY_SLEEP_MILLIS, BUSY_RETRIES, -1);
                if (rc != 0) {
                    throw new BackupException("SQLite online backup of source '" + name + "' (" + file + ") failed with code " + rc
                            + ". The database stayed locked by a writer for " + (BUSY_SLEEP_MILLIS * BUSY_RETRIES / 1000)
                            + " s; run the backup again when the application is less busy.");
                }
            } catch (SQLException e) {
                throw new BackupException("SQLite online backup of source '" + name + "' (" + file + ") failed: " + e.getMessage()
                        + ". Check that the file is a readable SQLite database.", e);
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
                throw new BackupException("Reading the SQLite snapshot of source '" + name + "' failed: " + e.getMessage(), e);
            }
            sink.addFile(ENTRY, snapshot);
            logger.debug("SQLite snapshot archived. source: {}, bytes: {}", name, Files.size(snapshot));
            return new SourceDetails(properties, tables);
        } finally {
            TempFiles.deleteRecursively(directory);
        }
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
