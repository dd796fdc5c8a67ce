package io.github.embeddedbackup.core.source.postgres;

import io.github.embeddedbackup.core.Remedy;
import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.BackupException;
import io.github.embeddedbackup.core.manifest.TableRecord;
import io.github.embeddedbackup.core.source.ArchiveSink;
import io.github.embeddedbackup.core.source.BackupSource;
import io.github.embeddedbackup.core.source.DumpFailedException;
import io.github.embeddedbackup.core.source.ExternalProcess;
import io.github.embeddedbackup.core.source.InterruptedOperationException;
import io.github.embeddedbackup.core.source.SourceDetails;
import io.github.embeddedbackup.core.source.ToolNotUsableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backs up one PostgreSQL database with {@code pg_dump --format=custom}, streamed into the archive.
 *
 * <p>The dump runs in a snapshot exported by a connection of ours ({@code pg_export_snapshot()}),
 * and a second connection counts every table's rows in the same snapshot while {@code pg_dump} works,
 * so the manifest's row counts describe exactly the dumped data. The schemas, the number of sequences and
 * of large objects are recorded from the same snapshot ({@link PgObjects}). A failing count never ends the
 * snapshot: what {@code pg_dump} says (e.g. "permission denied for table X") is the message. Before dumping, {@code pg_dump}'s major
 * version is compared with the server's, because an older {@code pg_dump} refuses a newer server.
 */
public final class PgDumpSource implements BackupSource {

    /** The entry that holds the dump, relative to the source's folder in the archive. */
    public static final String ENTRY = "database.dump";
    public static final String TYPE = "postgresql";
    private static final byte[] MAGIC = "PGDMP".getBytes(StandardCharsets.US_ASCII);
    private static final Logger logger = LoggerFactory.getLogger(PgDumpSource.class);

    private final String name;
    private final PgConnectionInfo connection;
    private final String pgDump;
    private final boolean countRows;

    /**
     * @param name the source's name in the backup
     * @param connection the database
     * @param pgDump the {@code pg_dump} program: a name looked up on the PATH, or a full path
     * @param countRows whether to count every table's rows (a second read of each table, done in parallel)
     */
    public PgDumpSource(String name, PgConnectionInfo connection, String pgDump, boolean countRows) {
        this.name = name;
        this.connection = connection;
        this.pgDump = pgDump;
        this.countRows = countRows;
    }

    public PgDumpSource(String name, PgConnectionInfo connection) {
        this(name, connection, "pg_dump", true);
    }

    @Override
    public String name() {
        return name;
    }

    /** The database it dumps (the password stays inside). */
    public PgConnectionInfo connection() {
        return connection;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void preflight() {
        PgTools.version(pgDump, Remedy.DUMP_TOOL); // present and runnable, even while the server is down
        try (Connection conn = connection.connect()) {
            checkToolVersion(serverVersion(conn));
        } catch (SQLException e) {
            throw connection.connectionFailure(e);
        }
    }

    @Override
    public SourceDetails backup(ArchiveSink sink) throws IOException {
        try (Connection conn = connection.connect()) {
            PgVersion server = serverVersion(conn);
            PgVersion tool = checkToolVersion(server);
            conn.setAutoCommit(false);
            conn.setReadOnly(true);
            conn.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            // This transaction exports the snapshot and keeps it alive: only catalog reads run in it, a fallible one in a savepoint.
            String snapshot = queryString(conn, "select pg_export_snapshot()");
            Map<String, String> properties = databaseProperties(conn, server, tool);
            properties.putAll(objects(conn));
            SnapshotRowCounter counter = countRows ? SnapshotRowCounter.start(connection, snapshot, tables(conn)) : null;
            try {
                dump(sink, snapshot);
            } catch (IOException | RuntimeException e) {
                if (counter != null) {
                    counter.cancel();
                }
                throw e;
            }
            List<TableRecord> tableRecords = counter == null ? List.of() : awaitCounts(counter);
            conn.commit();
            return new SourceDetails(properties, tableRecords);
        } catch (SQLException e) {
            throw new BackupException("Backup of source '" + name + "' (" + connection.describe() + ") failed: "
                    + e.getMessage() + ". Check that the user may read every table of the database.", e);
        }
    }

    private void dump(ArchiveSink sink, String snapshot) throws IOException {
        List<String> command = List.of(pgDump, "--format=custom", "--compress=0", "--no-password", "--snapshot=" + snapshot);
        try (ExternalProcess process = start(command, connection.toolEnvironment())) {
            process.process().getOutputStream().close();
            OutputStream entry = sink.openEntry(ENTRY);
            long bytes = copyDump(process.process().getInputStream(), entry);
            int exit = waitFor(process);
            if (InterruptedOperationException.requested()) {
                throw interrupted(null);
            }
            if (exit != 0) {
                throw failure(process, exit, null);
            }
            if (bytes == 0) {
                throw failure(process, exit, "wrote no data");
            }
            entry.close(); // only a complete dump becomes an entry
            logger.debug("pg_dump finished. source: {}, bytes: {}", name, bytes);
        } catch (IOException | RuntimeException e) {
            // A stopped pg_dump shows as a broken stream or a signal exit: say what really happened.
            if (InterruptedOperationException.requested() && !(e instanceof InterruptedOperationException)) {
                throw interrupted(e);
            }
            throw e;
        }
    }

    private InterruptedOperationException interrupted(@Nullable Throwable cause) {
        return new InterruptedOperationException("Backup of source '" + name + "'", "nothing was stored", cause);
    }

    private ExternalProcess start(List<String> command, PgConnectionInfo.ToolEnvironment env) {
        try {
            return ExternalProcess.start(command, env.variables());
        } catch (IOException e) {
            throw new BackupConfigurationException("Cannot start " + pgDump + " for source '" + name + "': " + e.getMessage()
                    + ". Install the PostgreSQL client tools or set the pg_dump path.", e);
        }
    }

    /** Copies the dump, checking that it starts like a custom-format archive. */
    private long copyDump(InputStream in, OutputStream entry) throws IOException {
        byte[] buffer = new byte[1 << 17];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (total < MAGIC.length) {
                for (int i = 0; i < n && total + i < MAGIC.length; i++) {
                    if (buffer[i] != MAGIC[(int) total + i]) {
                        throw new BackupException("pg_dump for source '" + name + "' did not write a custom-format archive "
                                + "(it does not start with PGDMP). Check that '" + pgDump + "' is PostgreSQL's pg_dump.");
                    }
                }
            }
            entry.write(buffer, 0, n);
            total += n;
        }
        return total;
    }

    private int waitFor(ExternalProcess process) {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(e);
        }
    }

    private DumpFailedException failure(ExternalProcess process, int exit, @Nullable String what) {
        String stderr = process.stderrTail();
        String message = "pg_dump " + (what != null ? what : ExternalProcess.describeExit(exit)) + " for source '" + name
                + "' (" + connection.describe() + ")" + (stderr.isEmpty() ? "" : ": " + stderr) + ". " + hint(stderr, exit)
                + " Nothing was stored; earlier backups are unchanged.";
        return new DumpFailedException(message, exit, stderr, process.command(), null);
    }

    private String hint(String stderr, int exit) {
        String text = stderr.toLowerCase(Locale.ROOT);
        if (text.contains("password authentication failed") || text.contains("no password supplied")) {
            return "Check the password (the URL's password parameter or PGPASSWORD).";
        }
        if (text.contains("server version mismatch")) {
            return "Install a pg_dump at least as new as the server, or point the pg_dump path at one.";
        }
        if (text.contains("permission denied")) {
            return "The user needs SELECT on every table (or the pg_read_all_data role).";
        }
        if (text.contains("could not connect") || text.contains("connection refused")) {
            return "Check that the server is running and reachable.";
        }
        if (exit > 128) {
            return "pg_dump was stopped from outside (out of memory, a timeout or an operator); run the backup again.";
        }
        return "See pg_dump's message above.";
    }

    private PgVersion checkToolVersion(PgVersion server) {
        PgVersion tool = PgTools.version(pgDump, Remedy.DUMP_TOOL);
        if (tool.compareTo(server) < 0) {
            throw new ToolNotUsableException("pg_dump " + tool.majorText() + " ('" + pgDump + "') is older than the "
                    + "PostgreSQL " + server.majorText() + " server of source '" + name + "' (" + connection.describe()
                    + "), and pg_dump cannot dump a newer server. Install postgresql-client-" + server.majorText()
                    + " or set the pg_dump path to a pg_dump " + server.majorText() + " or newer.", null)
                    .withRemedies(Remedy.DUMP_TOOL);
        }
        return tool;
    }

    private static PgVersion serverVersion(Connection conn) throws SQLException {
        int number = Integer.parseInt(queryString(conn, "show server_version_num"));
        return PgVersion.fromServerVersionNum(number, queryString(conn, "show server_version"));
    }

    private Map<String, String> databaseProperties(Connection conn, PgVersion server, PgVersion tool) throws SQLException {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("database", connection.database());
        properties.put("serverVersion", server.text());
        properties.put("pgDumpVersion", tool.text());
        properties.put("format", "custom");
        try (Statement statement = conn.createStatement();
                ResultSet rs = statement.executeQuery("select pg_encoding_to_char(encoding), datcollate, datctype "
                        + "from pg_database where datname = current_database()")) {
            if (rs.next()) {
                properties.put("encoding", rs.getString(1));
                properties.put("collate", rs.getString(2));
                properties.put("ctype", rs.getString(3));
            }
        }
        return properties;
    }

    /**
     * The schemas, sequence and large-object counts in the snapshot, for the drill to compare. Read in a
     * savepoint: should a read fail, the snapshot's transaction stays usable and the backup only lacks them.
     */
    private Map<String, String> objects(Connection conn) {
        try {
            Savepoint savepoint = conn.setSavepoint();
            try {
                Map<String, String> objects = PgObjects.read(conn).properties();
                conn.releaseSavepoint(savepoint);
                return objects;
            } catch (SQLException e) {
                conn.rollback(savepoint);
                logger.warn("Schemas, sequences and large objects of source '{}' are not recorded: {}", name, e.getMessage());
                return Map.of();
            }
        } catch (SQLException e) {
            throw new BackupException("Backup of source '" + name + "' (" + connection.describe() + ") failed: " + e.getMessage(), e);
        }
    }

    private static List<String> tables(Connection conn) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement statement = conn.createStatement();
                ResultSet rs = statement.executeQuery("select n.nspname, c.relname from pg_class c "
                        + "join pg_namespace n on n.oid = c.relnamespace where c.relkind = 'r' "
                        + "and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%' "
                        + "order by 1, 2")) {
            while (rs.next()) {
                tables.add(PgTools.quoteIdentifier(rs.getString(1)) + "." + PgTools.quoteIdentifier(rs.getString(2)));
            }
        }
        return tables;
    }

    private List<TableRecord> awaitCounts(SnapshotRowCounter counter) {
        try {
            return counter.await();
        } catch (SQLException | RuntimeException e) {
            logger.warn("Row counts for source '{}' are not recorded: {}", name, e.getMessage());
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(e);
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
        return "PgDumpSource[" + name + ", " + connection.describe() + ", " + Arrays.asList(pgDump) + "]";
    }
}
