package io.github.embeddedbackup.core.source.sqlite;

import io.github.embeddedbackup.core.BackupConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sqlite.SQLiteConfig;

/** Helpers shared by the SQLite source and target. */
public final class SqliteFiles {

    private static final byte[] HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private SqliteFiles() {}

    /** The database file of a {@code jdbc:sqlite:} URL. In-memory databases have none and are refused. */
    public static Path pathFromJdbcUrl(String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:sqlite:")) {
            throw new BackupConfigurationException("'" + jdbcUrl + "' is not a SQLite JDBC URL. Write it as jdbc:sqlite:/path/to/file.db");
        }
        String rest = jdbcUrl.substring("jdbc:sqlite:".length());
        int query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        if (rest.startsWith("file:")) {
            rest = rest.substring("file:".length());
            if (rest.startsWith("//")) {
                rest = rest.substring(2);
            }
        }
        if (rest.isEmpty() || rest.equals(":memory:") || rest.contains("mode=memory")) {
            throw new BackupConfigurationException("'" + jdbcUrl + "' is an in-memory SQLite database, which has no file to back up. "
                    + "Use a file database, e.g. jdbc:sqlite:/var/lib/app/app.db");
        }
        return Paths.get(rest);
    }

    /** Whether {@code file} starts with the SQLite header. */
    public static boolean isSqliteFile(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(HEADER.length), HEADER);
        }
    }

    /** How long a statement waits for another connection's lock before it fails with SQLITE_BUSY. */
    static final int BUSY_TIMEOUT_MILLIS = 10_000;

    /**
     * Opens a connection, read-only unless {@code writable}. Never creates a missing file.
     *
     * @throws io.github.embeddedbackup.core.BackupException when the driver's native library cannot be loaded
     */
    static Connection open(Path file, boolean writable) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(!writable);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.setOpenMode(org.sqlite.SQLiteOpenMode.NOMUTEX);
        try {
            return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        } catch (SQLException e) {
            if (SqliteNativeLibrary.failedToLoad(e)) {
                throw SqliteNativeLibrary.notLoaded(e);
            }
            throw e;
        } catch (UnsatisfiedLinkError e) {
            // After a failed load the driver no longer retries: the next connection fails with this Error.
            throw SqliteNativeLibrary.notLoaded(e);
        }
    }

    /** User tables (not SQLite's own), in name order. */
    static List<String> tables(Connection conn) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement statement = conn.createStatement();
                ResultSet rs = statement.executeQuery(
                        "select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\' order by name")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    /** Runs {@code PRAGMA integrity_check}; returns "ok" or the problems it lists. */
    static String integrityCheck(Connection conn) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Statement statement = conn.createStatement(); ResultSet rs = statement.executeQuery("pragma integrity_check")) {
            while (rs.next() && lines.size() < 20) {
                lines.add(rs.getString(1));
            }
        }
        return String.join("; ", lines);
    }

    static String quoteIdentifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
