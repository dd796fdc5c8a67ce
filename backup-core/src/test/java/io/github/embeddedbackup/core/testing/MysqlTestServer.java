package io.github.embeddedbackup.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.embeddedbackup.core.source.mysql.MysqlConnectionInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;

/**
 * The MySQL/MariaDB server the tests use: {@code BACKUP_TEST_MYSQL_URL}, by default the local MariaDB
 * at 127.0.0.1:3306 as {@code root} without a password. Each test class makes its own databases with
 * random names and drops them. When the server is unreachable a test is skipped with the reason,
 * except under {@code CI=true}, where it fails.
 */
public final class MysqlTestServer {

    public static final String URL = System.getenv().getOrDefault("BACKUP_TEST_MYSQL_URL", "jdbc:mariadb://127.0.0.1:3306/mysql?user=root");

    private MysqlTestServer() {}

    /** Skips (or under CI fails) the calling test when the server cannot be reached. */
    public static void require() {
        try (Connection conn = admin().connect(false)) {
            conn.isValid(5);
        } catch (RuntimeException | SQLException e) {
            String reason = "MySQL/MariaDB is not reachable at " + MysqlConnectionInfo.redact(URL) + " (" + e.getMessage()
                    + "). Start it, or set BACKUP_TEST_MYSQL_URL.";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true and a test needs MySQL/MariaDB: " + reason);
            }
            Assumptions.abort(reason);
        }
    }

    public static MysqlConnectionInfo admin() {
        return MysqlConnectionInfo.fromJdbcUrl(URL);
    }

    public static MysqlConnectionInfo info(String database) {
        return admin().withDatabase(database);
    }

    /** A name that no other test run uses. */
    public static String newName(String prefix) {
        return prefix + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
    }

    /** A new, empty utf8mb4 database with a unique name starting with {@code prefix}. */
    public static String createDatabase(String prefix) {
        String name = newName(prefix);
        executeOnServer("create database `" + name + "` character set utf8mb4 collate utf8mb4_unicode_ci");
        return name;
    }

    /** A JDBC URL for {@code database} with the test login (user and password parameters of {@link #URL}). */
    public static String jdbcUrl(String database) {
        int query = URL.indexOf('?');
        String base = query < 0 ? URL : URL.substring(0, query);
        return base.substring(0, base.lastIndexOf('/') + 1) + database + (query < 0 ? "" : URL.substring(query));
    }

    public static void dropDatabase(String name) {
        executeOnServer("drop database if exists `" + name.replace("`", "``") + "`");
    }

    public static boolean databaseExists(String name) {
        return !query(null, "select 1 from information_schema.schemata where schema_name = '" + name.replace("'", "''") + "'").isEmpty();
    }

    public static void executeOnServer(String... sql) {
        execute(null, sql);
    }

    /** Runs each statement in order on one connection ({@code database} null: no default database). */
    public static void execute(String database, String... sql) {
        MysqlConnectionInfo info = database == null ? admin() : info(database);
        try (Connection conn = info.connect(database != null); Statement statement = conn.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Rows as tab-joined strings. */
    public static List<String> query(String database, String sql) {
        MysqlConnectionInfo info = database == null ? admin() : info(database);
        List<String> rows = new ArrayList<>();
        try (Connection conn = info.connect(database != null); Statement statement = conn.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(String.valueOf(rs.getString(i)));
                }
                rows.add(String.join("\t", values));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return rows;
    }

    /** Base tables of {@code database}, sorted. */
    public static List<String> tables(String database) {
        return query(null, "select table_name from information_schema.tables where table_schema = '" + database
                + "' and table_type = 'BASE TABLE' order by table_name");
    }

    /**
     * What the data is: per base table its row count and a SHA-256 over its rows' bytes, sorted (so row
     * order does not matter). Computed here rather than with CHECKSUM TABLE, which MariaDB 10.11 does not
     * compute stably for tables with generated columns.
     */
    public static Map<String, String> dataFingerprint(String database) {
        Map<String, String> fingerprint = new LinkedHashMap<>();
        try (Connection conn = info(database).connect(); Statement statement = conn.createStatement()) {
            for (String table : tables(database)) {
                List<String> rowHashes = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery("select " + String.join(", ", columnsAsText(database, table)) + " from `"
                        + table.replace("`", "``") + "`")) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        MessageDigest row = MessageDigest.getInstance("SHA-256");
                        for (int i = 1; i <= columns; i++) {
                            String value = rs.getString(i);
                            row.update((value == null ? "N;" : "V" + value.length() + ":" + value + ";").getBytes(StandardCharsets.UTF_8));
                        }
                        rowHashes.add(HexFormat.of().formatHex(row.digest()));
                    }
                }
                rowHashes.sort(null);
                MessageDigest all = MessageDigest.getInstance("SHA-256");
                rowHashes.forEach(hash -> all.update(hash.getBytes()));
                fingerprint.put(table, rowHashes.size() + " " + HexFormat.of().formatHex(all.digest()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return fingerprint;
    }

    /** {@code SHOW CREATE} of every table, view, sequence, trigger, procedure, function and event, by kind and name. */
    public static Map<String, String> schemaFingerprint(String database) {
        Map<String, String> schema = new LinkedHashMap<>();
        for (String row : query(null, "select table_name, table_type from information_schema.tables where table_schema = '" + database
                + "' order by table_name")) {
            String[] parts = row.split("\t");
            String kind = switch (parts[1]) {
                case "VIEW" -> "VIEW";
                case "SEQUENCE" -> "SEQUENCE";
                default -> "TABLE";
            };
            schema.put(kind + " " + parts[0], showCreate(database, kind, parts[0], 2));
        }
        for (String trigger : query(null, "select trigger_name from information_schema.triggers where trigger_schema = '" + database
                + "' order by 1")) {
            schema.put("TRIGGER " + trigger, showCreate(database, "TRIGGER", trigger, 2, 3));
        }
        for (String row : query(null, "select routine_type, routine_name from information_schema.routines where routine_schema = '"
                + database + "' order by 1, 2")) {
            String[] parts = row.split("\t");
            schema.put(parts[0] + " " + parts[1], showCreate(database, parts[0], parts[1], 2, 3));
        }
        for (String event : query(null, "select event_name from information_schema.events where event_schema = '" + database + "' order by 1")) {
            schema.put("EVENT " + event, showCreate(database, "EVENT", event, 2, 3, 4));
        }
        return schema;
    }

    private static String showCreate(String database, String kind, String name, int... columns) {
        List<String> rows = new ArrayList<>();
        try (Connection conn = info(database).connect(); Statement statement = conn.createStatement();
                ResultSet rs = statement.executeQuery("show create " + kind + " `" + name.replace("`", "``") + "`")) {
            while (rs.next()) {
                for (int column : columns) {
                    rows.add(rs.getString(column));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return String.join("\n", rows);
    }

    /** Every column as exact text: binary and bit values as hex, the rest cast to utf8mb4 (zero dates included). */
    private static List<String> columnsAsText(String database, String table) {
        List<String> columns = new ArrayList<>();
        for (String row : query(null, "select column_name, data_type from information_schema.columns where table_schema = '" + database
                + "' and table_name = '" + table.replace("'", "''") + "' order by ordinal_position")) {
            String[] parts = row.split("\t");
            String quoted = "`" + parts[0].replace("`", "``") + "`";
            columns.add(parts[1].matches("(?i).*(blob|binary|bit)") ? "hex(" + quoted + ")" : "cast(" + quoted + " as char character set utf8mb4)");
        }
        return columns;
    }
}
