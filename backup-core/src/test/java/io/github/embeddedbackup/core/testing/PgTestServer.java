package io.github.embeddedbackup.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.embeddedbackup.core.source.postgres.PgConnectionInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server the tests use: {@code BACKUP_TEST_PG_URL}, by default the local server at
 * 127.0.0.1:5432 as user {@code postgres}. Each test class makes its own databases and drops them.
 * When the server is unreachable a test is skipped with the reason, except under {@code CI=true},
 * where it fails: CI must never pass by skipping.
 */
public final class PgTestServer {

    public static final String URL = System.getenv().getOrDefault("BACKUP_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");

    private PgTestServer() {}

    /** Skips (or under CI fails) the calling test when the server cannot be reached. */
    public static void require() {
        try (Connection conn = admin().connect()) {
            conn.isValid(5);
        } catch (RuntimeException | SQLException e) {
            String reason = "PostgreSQL is not reachable at " + PgConnectionInfo.redact(URL) + " (" + e.getMessage()
                    + "). Start it, or set BACKUP_TEST_PG_URL.";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true and a test needs PostgreSQL: " + reason);
            }
            Assumptions.abort(reason);
        }
    }

    public static PgConnectionInfo admin() {
        return PgConnectionInfo.fromJdbcUrl(URL);
    }

    /** A new, empty database with a unique name starting with {@code prefix}. */
    public static String createDatabase(String prefix) {
        String name = (prefix + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL)).toLowerCase(Locale.ROOT);
        execute("postgres", "create database " + name + " template template0 encoding 'UTF8'");
        return name;
    }

    /** A new database filled from {@code awkward-seed.sql}: schemas, quoted names, unicode, bytea, NULLs, a 6 MB row, a large object. */
    public static String createAwkwardDatabase(String prefix) {
        String name = createDatabase(prefix);
        try (java.io.InputStream in = PgTestServer.class.getResourceAsStream("/awkward-seed.sql")) {
            execute(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return name;
    }

    public static void dropDatabase(String name) {
        execute("postgres", "drop database if exists \"" + name + "\" with (force)");
    }

    public static boolean databaseExists(String name) {
        return !query("postgres", "select 1 from pg_database where datname = '" + name + "'").isEmpty();
    }

    /** A JDBC URL for {@code database} on the test server, with the test user. */
    public static String jdbcUrl(String database) {
        return jdbcUrl(database, admin().user());
    }

    public static String jdbcUrl(String database, String user) {
        String base = URL.substring(0, URL.indexOf('?') < 0 ? URL.length() : URL.indexOf('?'));
        base = base.substring(0, base.lastIndexOf('/') + 1) + database;
        String query = URL.indexOf('?') < 0 ? "" : URL.substring(URL.indexOf('?') + 1);
        query = query.replaceAll("(^|&)user=[^&]*", "");
        if (!user.equals(admin().user())) {
            query = query.replaceAll("(^|&)password=[^&]*", ""); // another user brings its own password
        }
        return base + "?user=" + user + (query.isEmpty() || query.equals("&") ? "" : "&" + query.replaceFirst("^&", ""));
    }

    public static PgConnectionInfo info(String database) {
        return admin().withDatabase(database);
    }

    public static void execute(String database, String sql) {
        try (Connection conn = info(database).connect(); Statement statement = conn.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Rows as tab-joined strings. */
    public static List<String> query(String database, String sql) {
        List<String> rows = new ArrayList<>();
        try (Connection conn = info(database).connect(); Statement statement = conn.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
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

    /** {@code pg_dump --schema-only}, without comments and the random {@code \restrict} key lines. */
    public static String schemaDump(String database) {
        try {
            ProcessBuilder builder = new ProcessBuilder("pg_dump", "--schema-only", "--no-password");
            builder.environment().putAll(info(database).toolEnvironment().variables());
            builder.redirectError(ProcessBuilder.Redirect.INHERIT);
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("pg_dump --schema-only failed for " + database);
            }
            StringBuilder cleaned = new StringBuilder();
            for (String line : output.split("\n")) {
                if (!line.startsWith("--") && !line.startsWith("\\restrict") && !line.startsWith("\\unrestrict") && !line.isBlank()) {
                    cleaned.append(line).append('\n');
                }
            }
            return cleaned.toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * What the data is: per table its row count and an MD5 over its sorted rows, every sequence's
     * position, every large object's content hash.
     */
    public static Map<String, String> dataFingerprint(String database) {
        Map<String, String> fingerprint = new LinkedHashMap<>();
        for (String table : query(database, "select format('%I.%I', schemaname, tablename) from pg_tables "
                + "where schemaname not in ('pg_catalog','information_schema') order by 1")) {
            fingerprint.put("table " + table, query(database, "select count(*) || ' ' || coalesce(md5(string_agg(t::text, E'\\n' "
                    + "order by t::text)), '-') from " + table + " t").get(0));
        }
        for (String row : query(database, "select format('%I.%I', schemaname, sequencename), last_value from pg_sequences order by 1")) {
            String[] parts = row.split("\t");
            fingerprint.put("sequence " + parts[0], parts[1]);
        }
        for (String row : query(database, "select oid, md5(lo_get(oid)) from pg_largeobject_metadata order by oid")) {
            String[] parts = row.split("\t");
            fingerprint.put("large object " + parts[0], parts[1]);
        }
        return fingerprint;
    }
}
