package io.github.embeddedbackup.core.source.mysql;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.BackupException;
import io.github.embeddedbackup.core.source.ArchiveSink;
import io.github.embeddedbackup.core.source.BackupSource;
import io.github.embeddedbackup.core.source.DumpFailedException;
import io.github.embeddedbackup.core.source.ExternalProcess;
import io.github.embeddedbackup.core.source.InterruptedOperationException;
import io.github.embeddedbackup.core.source.SourceDetails;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backs up one MySQL or MariaDB database as an SQL dump ({@code mariadb-dump} or {@code mysqldump}),
 * streamed into the archive.
 *
 * <p>The dump runs in one consistent InnoDB snapshot ({@code --single-transaction}); the row counts the
 * manifest records are taken from the dump stream itself ({@link DumpRowCounter}), so they are exactly
 * what the dump holds. The login reaches the tool through its stdin as an option file
 * ({@code --defaults-file=/dev/stdin}): never on the command line, in the environment or on disk.
 */
public final class MysqlDumpSource implements BackupSource {

    /** The entry that holds the dump, relative to the source's folder in the archive. */
    public static final String ENTRY = "database.sql";
    public static final String TYPE = "mysql";
    private static final Logger logger = LoggerFactory.getLogger(MysqlDumpSource.class);

    private final String name;
    private final MysqlConnectionInfo connection;
    private final @Nullable String dumpTool;
    private final boolean countRows;

    /**
     * @param dumpTool the dump program (a name on the PATH or a full path), or null to pick the one that fits the server
     * @param countRows whether to count every table's rows (from the dump stream; costs a little CPU, no extra read)
     */
    public MysqlDumpSource(String name, MysqlConnectionInfo connection, @Nullable String dumpTool, boolean countRows) {
        this.name = name;
        this.connection = connection;
        this.dumpTool = dumpTool;
        this.countRows = countRows;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return TYPE;
    }

    public MysqlConnectionInfo connection() {
        return connection;
    }

    private String where() {
        return "source '" + name + "' (" + connection.describe() + ")";
    }

    @Override
    public void preflight() {
        if (dumpTool != null && !dumpTool.isBlank()) {
            // Present and runnable, even while the server is down.
            MysqlTools.version(dumpTool, MysqlTools.DUMP_SETTING, new MysqlVersion(true, 0, 0, ""));
        }
        try (Connection conn = connection.connect()) {
            MysqlTools.Tool tool = MysqlTools.dumpTool(dumpTool, serverVersion(conn), where());
            MysqlTools.checkClientOptions(tool, connection.toolOptions(), where());
            requirePrivileges(conn);
        } catch (SQLException e) {
            throw connection.connectionFailure(e);
        }
    }

    @Override
    public SourceDetails backup(ArchiveSink sink) throws IOException {
        Map<String, String> properties = new LinkedHashMap<>();
        MysqlTools.Tool tool;
        try (Connection conn = connection.connect()) {
            MysqlVersion server = serverVersion(conn);
            tool = MysqlTools.dumpTool(dumpTool, server, where());
            properties.put("database", connection.database());
            properties.put("serverVersion", server.text());
            properties.put("flavor", server.mariadb() ? "mariadb" : "mysql");
            properties.put("dumpTool", MysqlTools.name(tool.program()));
            properties.put("dumpToolVersion", tool.version().text());
            properties.put("format", "sql");
            properties.putAll(charset(conn, connection.database()));
            requirePrivileges(conn);
            warnWhenRoutinesAreHidden(conn, server);
        } catch (SQLException e) {
            throw connection.connectionFailure(e);
        }
        DumpRowCounter counter = countRows ? new DumpRowCounter() : null;
        boolean completed = dump(sink, tool, counter);
        if (!completed) {
            throw new BackupException("The dump of " + where() + " ended without the tool's closing '-- Dump completed' line although "
                    + MysqlTools.name(tool.program()) + " reported success, so it may be incomplete. Nothing was stored; run the backup "
                    + "again, and check that the dump tool path points at a real mysqldump or mariadb-dump.");
        }
        return new SourceDetails(properties, counter == null ? List.of() : counter.tables());
    }

    /**
     * The command; every option is there for a reason:
     * <ul>
     * <li>{@code --defaults-file=/dev/stdin} (first, as the tools require): the login as an option file
     *     read from stdin; only this file is read, so a {@code ~/.my.cnf} cannot override the login (it
     *     would, with {@code --defaults-extra-file})
     * <li>{@code --single-transaction}: one consistent InnoDB snapshot, without blocking writers
     * <li>{@code --skip-lock-tables}: no {@code LOCK TABLES} (it would end the snapshot's consistency
     *     guarantee and needs the LOCK TABLES privilege)
     * <li>{@code --routines --triggers --events}: the database's code, not only its tables
     * <li>{@code --hex-blob}: binary columns as {@code 0x…}, immune to character set conversions
     * <li>{@code --default-character-set=utf8mb4}: every character (emoji included) as it is
     * <li>{@code --quick}: rows are streamed, not buffered in the tool's memory
     * <li>{@code --no-tablespaces}: tablespaces are server-wide and need the PROCESS privilege on MySQL 8
     * <li>{@code --skip-add-locks}: the restore then needs no LOCK TABLES privilege either
     * <li>{@code --max-allowed-packet=1G}: the tool's own limit; a row larger than the default is read whole
     * <li>{@code --skip-dump-date}: the same data gives the same dump
     * <li>{@code --set-gtid-purged=OFF} (MySQL only): no server-wide GTID statement, which a restore into
     *     another server or database refuses
     * <li>no {@code --databases}: no {@code CREATE DATABASE}/{@code USE}, so the dump restores into a database of any name
     * </ul>
     */
    List<String> command(MysqlTools.Tool tool) {
        List<String> command = new ArrayList<>(List.of(tool.program(), "--defaults-file=/dev/stdin", "--single-transaction",
                "--skip-lock-tables", "--routines", "--triggers", "--events", "--hex-blob", "--default-character-set=utf8mb4",
                "--quick", "--no-tablespaces", "--skip-add-locks", "--max-allowed-packet=1G", "--skip-dump-date"));
        if (!tool.version().mariadb()) {
            command.add("--set-gtid-purged=OFF");
        }
        command.add("--");
        command.add(connection.database());
        return command;
    }

    private boolean dump(ArchiveSink sink, MysqlTools.Tool tool, @Nullable DumpRowCounter counter) throws IOException {
        List<String> command = command(tool);
        try (ExternalProcess process = start(command, tool)) {
            try (Writer options = new OutputStreamWriter(process.process().getOutputStream(), StandardCharsets.UTF_8)) {
                options.write(connection.clientOptions());
            } catch (IOException e) {
                // the tool exited before it read its options: its exit code and stderr say why
            }
            OutputStream entry = sink.openEntry(ENTRY);
            boolean[] completed = {false};
            long bytes = copy(process.process().getInputStream(), entry, counter, completed);
            int exit = waitFor(process);
            if (InterruptedOperationException.requested()) {
                throw interrupted(null);
            }
            if (exit != 0) {
                throw failure(process, tool, exit, null);
            }
            if (bytes == 0) {
                throw failure(process, tool, exit, "wrote no data");
            }
            entry.close(); // only a complete dump becomes an entry
            logger.debug("Dump finished. source: {}, bytes: {}, rows: {}", name, bytes, counter == null ? "not counted" : counter.totalRows());
            return completed[0];
        } catch (IOException | RuntimeException e) {
            // A stopped tool shows as a broken stream or a signal exit: say what really happened.
            if (InterruptedOperationException.requested() && !(e instanceof InterruptedOperationException)) {
                throw interrupted(e);
            }
            throw e;
        }
    }

    private long copy(InputStream in, OutputStream entry, @Nullable DumpRowCounter counter, boolean[] completed) throws IOException {
        DumpRowCounter tail = counter != null ? counter : new DumpRowCounter();
        byte[] buffer = new byte[1 << 17];
        long total = 0;
        byte[] last = new byte[0];
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (counter != null) {
                counter.accept(buffer, 0, n);
            } else {
                last = lastBytes(last, buffer, n);
            }
            entry.write(buffer, 0, n);
            total += n;
        }
        if (counter == null) {
            tail.accept(last, 0, last.length); // without counting, only the last lines are looked at
        }
        completed[0] = tail.completed();
        return total;
    }

    /** The last 4 KiB seen: enough for the closing lines. */
    private static byte[] lastBytes(byte[] previous, byte[] buffer, int n) {
        int keep = 4096;
        byte[] joined = new byte[Math.min(keep, previous.length + n)];
        int fromBuffer = Math.min(n, joined.length);
        int fromPrevious = joined.length - fromBuffer;
        System.arraycopy(previous, previous.length - fromPrevious, joined, 0, fromPrevious);
        System.arraycopy(buffer, n - fromBuffer, joined, fromPrevious, fromBuffer);
        return joined;
    }

    private ExternalProcess start(List<String> command, MysqlTools.Tool tool) {
        try {
            return ExternalProcess.start(command, MysqlConnectionInfo.toolEnvironment());
        } catch (IOException e) {
            throw new BackupConfigurationException("Cannot start " + tool.program() + " for " + where() + ": " + e.getMessage()
                    + ". Install the MySQL/MariaDB client tools or set " + MysqlTools.DUMP_SETTING.neutralName() + ".", e);
        }
    }

    private int waitFor(ExternalProcess process) {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(e);
        }
    }

    private InterruptedOperationException interrupted(@Nullable Throwable cause) {
        return new InterruptedOperationException("Backup of source '" + name + "'", "nothing was stored", cause);
    }

    private DumpFailedException failure(ExternalProcess process, MysqlTools.Tool tool, int exit, @Nullable String what) {
        String stderr = connection.scrub(process.stderrTail());
        String program = MysqlTools.name(tool.program());
        String message = program + " " + (what != null ? what : ExternalProcess.describeExit(exit)) + " for " + where()
                + (stderr.isEmpty() ? "" : ": " + stderr) + ". " + MysqlErrors.hint(stderr, exit, program, connection)
                + " Nothing was stored; earlier backups are unchanged.";
        return new DumpFailedException(message, exit, stderr, process.command(), null);
    }

    /**
     * A user who may not read other users' routines gets a dump without them, and the tool says nothing
     * (MariaDB 10.11 hides them from the user entirely). Say it, with the privilege that fixes it.
     */
    private void warnWhenRoutinesAreHidden(Connection conn, MysqlVersion server) {
        // Asked of information_schema, which lists the user's own grants: a probing query would make the driver log an error.
        String sql = server.mariadb()
                ? "select 1 from information_schema.user_privileges where privilege_type = 'SELECT' union all "
                        + "select 1 from information_schema.schema_privileges where table_schema = 'mysql' and privilege_type = 'SELECT' "
                        + "union all select 1 from information_schema.table_privileges where table_schema = 'mysql' and table_name = 'proc' "
                        + "and privilege_type = 'SELECT'"
                : "select 1 from information_schema.user_privileges where privilege_type in ('SELECT', 'SHOW_ROUTINE')";
        boolean visible;
        try (Statement statement = conn.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            visible = rs.next();
        } catch (SQLException e) {
            visible = true; // cannot tell: say nothing rather than something wrong
        }
        if (!visible) {
            logger.warn("User '{}' may not read the definitions of other users' stored procedures and functions, so the backup of "
                    + "source '{}' ({}) holds only its own. Grant {} to back them all up.", connection.user(), name, connection.describe(),
                    server.mariadb() ? "SELECT ON mysql.proc" : "SHOW_ROUTINE (or global SELECT)");
        }
    }

    /** What a complete dump needs; without TRIGGER, for one, the dump tool leaves the triggers out and still succeeds. */
    static final List<String> DUMP_PRIVILEGES = List.of("SELECT", "SHOW VIEW", "TRIGGER", "EVENT");

    /**
     * Refuses a user who lacks a privilege the dump needs on the database, granted globally or on the
     * database (a wildcard grant such as {@code `shop\_%`.*} included), instead of storing a backup that
     * silently lacks triggers, views or events. A user whose privileges come from a role is only warned:
     * information_schema does not list what a role grants.
     */
    private void requirePrivileges(Connection conn) {
        // A user who may read mysql.* sees everyone's grants there: only the own ones count.
        String me = "concat('\\'', substring_index(current_user(), '@', 1), '\\'@\\'', substring_index(current_user(), '@', -1), '\\'')";
        String sql = "select privilege_type from information_schema.user_privileges where grantee = " + me
                + " union select privilege_type from information_schema.schema_privileges where grantee = " + me + " and ? like table_schema";
        List<String> missing = new ArrayList<>(DUMP_PRIVILEGES);
        try (PreparedStatement statement = conn.prepareStatement(sql)) {
            statement.setString(1, connection.database());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    missing.remove(rs.getString(1).toUpperCase(Locale.ROOT));
                }
            }
            // SELECT granted table by table is not enough: the dump tool writes an unreadable table's definition without its
            // rows and still succeeds, so a backup would hold empty tables. Only a database-wide (or global) grant is taken.
        } catch (SQLException e) {
            logger.debug("Cannot look up the privileges of user '{}' for {}: {}", connection.user(), where(), e.toString());
            return; // cannot tell: the dump's own errors remain
        }
        if (missing.isEmpty()) {
            return;
        }
        String grant = "GRANT " + String.join(", ", missing) + " ON " + MysqlTools.quoteIdentifier(connection.database()) + ".* TO '"
                + connection.user() + "'@'…'";
        String lacks = "User '" + connection.user() + "' lacks " + String.join(", ", missing) + " on database '" + connection.database()
                + "' of " + connection.hostAndPort() + ", so the dump would leave out "
                + (missing.contains("TRIGGER") ? "its triggers " : "") + (missing.contains("SHOW VIEW") ? "its views " : "")
                + (missing.contains("EVENT") ? "its events " : "") + (missing.contains("SELECT") ? "its tables' rows " : "")
                + "without an error.";
        if (hasActiveRole(conn)) {
            logger.warn("{} (as far as information_schema shows; the user's role may grant it). If the backup of {} lacks them, run {}.",
                    lacks, where(), grant);
            return;
        }
        throw new BackupConfigurationException("Cannot back up " + where() + ": " + lacks + " Nothing was stored. Grant it: " + grant + ".");
    }

    private static boolean hasActiveRole(Connection conn) {
        try (Statement statement = conn.createStatement(); ResultSet rs = statement.executeQuery("select current_role()")) {
            String role = rs.next() ? rs.getString(1) : null;
            return role != null && !role.isEmpty() && !role.equalsIgnoreCase("NONE");
        } catch (SQLException e) {
            return true; // a server without roles answers differently: do not refuse on a guess
        }
    }

    static MysqlVersion serverVersion(Connection conn) throws SQLException {
        try (Statement statement = conn.createStatement(); ResultSet rs = statement.executeQuery("select version()")) {
            rs.next();
            return MysqlVersion.ofServer(rs.getString(1));
        }
    }

    /** The database's default character set and collation, which a created database gets again. */
    static Map<String, String> charset(Connection conn, String database) throws SQLException {
        Map<String, String> result = new LinkedHashMap<>();
        try (PreparedStatement statement = conn.prepareStatement("select default_character_set_name, default_collation_name "
                + "from information_schema.schemata where schema_name = ?")) {
            statement.setString(1, database);
            try (ResultSet rs = statement.executeQuery()) {
                if (rs.next()) {
                    result.put("characterSet", rs.getString(1).toLowerCase(Locale.ROOT));
                    result.put("collation", rs.getString(2).toLowerCase(Locale.ROOT));
                }
            }
        }
        return result;
    }

    @Override
    public String toString() {
        return "MysqlDumpSource[" + name + ", " + connection.describe() + "]";
    }
}
