package io.github.embeddedbackup.core.source.mysql;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.BackupException;
import io.github.embeddedbackup.core.Remedy;
import io.github.embeddedbackup.core.manifest.SourceRecord;
import io.github.embeddedbackup.core.source.DumpFailedException;
import io.github.embeddedbackup.core.source.ExternalProcess;
import io.github.embeddedbackup.core.source.InterruptedOperationException;
import io.github.embeddedbackup.core.source.ObjectCounts;
import io.github.embeddedbackup.core.source.RestoreOptions;
import io.github.embeddedbackup.core.source.RestoreTarget;
import io.github.embeddedbackup.core.source.TempFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a MySQL/MariaDB SQL dump with the {@code mariadb} or {@code mysql} client into a new database
 * ({@code create}; an existing empty one is taken as it is), an empty existing one, or — with
 * {@code clean} — an existing one that is first dropped and created again with its character set
 * and collation.
 *
 * <p>MySQL runs DDL outside transactions, so a failed load cannot roll back. Instead the database is
 * brought into a known state: one this restore created is dropped; one that was empty (or that
 * {@code clean} emptied) is emptied again. The exception says which.
 */
public final class MysqlRestoreTarget implements RestoreTarget {

    private static final Logger logger = LoggerFactory.getLogger(MysqlRestoreTarget.class);
    private static final int COPY_BUFFER = 1 << 20;
    /** The first line of a dump by mariadb-dump 10.11.8 and later; MySQL's client cannot parse it. */
    private static final byte[] SANDBOX_LINE = "/*M!999999\\- enable the sandbox mode */".getBytes(StandardCharsets.US_ASCII);

    private final MysqlConnectionInfo target;
    private final @Nullable String restoreTool;

    /** @param restoreTool the client program, or null to pick the one that fits the server */
    public MysqlRestoreTarget(MysqlConnectionInfo target, @Nullable String restoreTool) {
        this.target = target;
        this.restoreTool = restoreTool;
    }

    @Override
    public String describe() {
        return target.describe();
    }

    @Override
    public boolean accepts(SourceRecord source) {
        return MysqlDumpSource.TYPE.equals(source.type());
    }

    @Override
    public void check(SourceRecord source, RestoreOptions options) {
        if (options.jobs() > 1) {
            throw new BackupConfigurationException("Cannot restore source '" + source.name() + "' with " + options.jobs()
                    + " parallel jobs: a MySQL/MariaDB dump is loaded by one client. Restore with one job.").withRemedies(Remedy.PARALLEL_JOBS);
        }
        MysqlVersion server = serverVersion();
        MysqlTools.Tool tool = MysqlTools.restoreTool(restoreTool, server, describe());
        MysqlTools.checkClientOptions(tool, target.toolOptions(), "the restore target " + describe());
        String flavor = source.property("flavor");
        if (flavor != null && !flavor.equals(server.mariadb() ? "mariadb" : "mysql")) {
            // Simple schemas load across; MariaDB-only or MySQL-only syntax fails, and then says so.
            logger.warn("Source '{}' was dumped from a {} server ({}) and is restored into {} ({}): statements that only one of "
                    + "them knows will fail the restore.", source.name(), flavor.equals("mariadb") ? "MariaDB" : "MySQL",
                    source.property("serverVersion"), server.series(), describe());
        }
        boolean exists = databaseExists();
        if (options.create() && exists) {
            // An existing empty database is as good as a new one (ExistingTarget reports it as holding no data).
            String contents = describeContents();
            if (!contents.isEmpty()) {
                throw new BackupConfigurationException("Cannot restore into " + describe() + " by creating it: database '"
                        + target.database() + "' already exists and is not empty (" + contents + "). Choose a new database name, "
                        + "or let the restore replace what it holds (it is dropped and created again).")
                        .withRemedies(Remedy.CREATE_TARGET, Remedy.CLEAN_TARGET);
            }
        }
        if (!options.create() && !exists) {
            throw new BackupConfigurationException("Cannot restore into " + describe() + ": database '" + target.database()
                    + "' does not exist. Let the restore create it.").withRemedies(Remedy.CREATE_TARGET);
        }
        if (options.clean() && exists && !describeContents().isEmpty()) {
            probeCleanPrivileges();
        }
        if (!options.create() && !options.clean()) {
            String contents = describeContents();
            if (!contents.isEmpty()) {
                throw new BackupConfigurationException("Refusing to restore into " + describe() + ": the database is not empty (" + contents
                        + "). Restore into a new database that the restore creates, or let the restore replace what this database holds "
                        + "(it is dropped and created again).").withRemedies(Remedy.CREATE_TARGET, Remedy.CLEAN_TARGET);
            }
        }
    }

    @Override
    public void restore(SourceRecord source, InputStream entry, RestoreOptions options) throws IOException {
        MysqlVersion server = serverVersion();
        MysqlTools.Tool tool = MysqlTools.restoreTool(restoreTool, server, describe());
        Before before;
        Map<String, String> charset = Map.of();
        Path spool = null;
        try {
            if (options.create() && !databaseExists()) {
                createDatabase(source.property("characterSet"), source.property("collation"), source);
                before = Before.CREATED;
            } else {
                charset = currentCharset();
                if (options.clean()) {
                    if (!describeContents().isEmpty()) {
                        // What the database holds is dropped only after the whole dump is here and its checksum matched.
                        probeCleanPrivileges();
                        Spooled spooled = spool(entry);
                        spool = spooled.file();
                        refuseStatementsTooLarge(spooled.longestLine());
                    }
                    try {
                        recreate(charset);
                    } catch (RuntimeException e) {
                        throw new BackupException(e.getMessage() + " " + currentState(), e);
                    }
                    before = Before.CLEANED;
                } else {
                    before = Before.EMPTY;
                }
            }
            try (InputStream input = spool == null ? entry : Files.newInputStream(spool)) {
                run(tool, input, source, options.noOwner());
                logger.info("Restore finished. source: {}, target: {}", source.name(), describe());
            } catch (IOException | RuntimeException e) {
                String state = stateAfterFailure(before, charset);
                if (InterruptedOperationException.requested()) {
                    throw new InterruptedOperationException("Restore into " + describe(), uncapitalize(state), e);
                }
                String what = e.getMessage() == null || e.getMessage().isBlank() ? "Restore into " + describe() + " failed: "
                        + e.getClass().getName() + "." : e.getMessage();
                BackupException failure = new BackupException(what + " " + state, e);
                if (e instanceof BackupException cause) {
                    failure.withRemedies(cause.remedies().toArray(Remedy[]::new));
                }
                throw failure;
            }
        } finally {
            if (spool != null) {
                TempFiles.deleteRecursively(spool.getParent());
            }
        }
    }

    /**
     * Writes the entry to a private temporary file (mode 600 in a folder of mode 700), reading it to its
     * end, where its SHA-256 is checked. A damaged backup or a full disk fails here, before the target
     * changes. A killed process's folder is removed at the next start ({@link TempFiles#removeLeftovers()}).
     */
    /** The dump held on disk, and its longest line (a dump has one statement a line), measured while it was written. */
    private record Spooled(Path file, long longestLine) {}

    private Spooled spool(InputStream entry) {
        String db = "'" + target.database() + "'";
        Path directory;
        try {
            directory = TempFiles.privateDirectory("embeddedbackup-restore-");
        } catch (IOException e) {
            throw new BackupException("Cannot create a temporary folder in " + System.getProperty("java.io.tmpdir") + " to hold the dump "
                    + "before the content of database " + db + " is replaced (" + e.getMessage() + "). Free space there, or point "
                    + "java.io.tmpdir at a folder with room. The database " + db + " was not changed.", e);
        }
        Path file = directory.resolve("database.sql");
        long bytes = 0;
        LongestLine longest = new LongestLine();
        try {
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                byte[] buffer = new byte[COPY_BUFFER];
                int n;
                while (true) {
                    try {
                        n = entry.read(buffer);
                    } catch (IOException | RuntimeException e) {
                        if (InterruptedOperationException.requested()) {
                            throw new InterruptedOperationException("Restore into " + describe(), "the database " + db + " was not changed", e);
                        }
                        throw new BackupException("Cannot read the dump of this backup (" + describeCause(e) + "): the backup is "
                                + "damaged or unreadable. The database " + db + " was not changed: the restore reads the whole dump "
                                + "before it replaces anything. Restore another backup, or check this one with verify.", e);
                    }
                    if (n < 0) {
                        break;
                    }
                    try {
                        out.write(buffer, 0, n);
                    } catch (IOException e) {
                        throw spoolFull(file, bytes, e);
                    }
                    bytes += n;
                    longest.add(buffer, 0, n);
                }
            } catch (IOException e) {
                throw spoolFull(file, bytes, e);
            }
            logger.debug("Dump held in {} before replacing {} ({} bytes)", file, describe(), bytes);
            return new Spooled(file, longest.value());
        } catch (RuntimeException e) {
            TempFiles.deleteRecursively(directory);
            throw e;
        }
    }

    /**
     * A statement larger than the target server's max_allowed_packet would make the load fail after the
     * database was dropped; with the whole dump at hand that is known before anything changes.
     */
    private void refuseStatementsTooLarge(long longest) {
        long limit;
        try (Connection conn = target.connect(false); Statement statement = conn.createStatement();
                ResultSet rs = statement.executeQuery("select @@global.max_allowed_packet")) {
            limit = rs.next() ? rs.getLong(1) : -1;
        } catch (SQLException e) {
            throw target.connectionFailure(e);
        }
        if (limit > 0 && longest >= limit) {
            throw new BackupException("Refusing to replace database '" + target.database() + "' of " + target.hostAndPort() + ": the dump "
                    + "holds a statement of " + longest + " bytes (a large row), larger than the server's max_allowed_packet of " + limit
                    + " bytes, so loading it would fail after the database was dropped. Raise max_allowed_packet on that server above "
                    + "the statement's size (SET GLOBAL max_allowed_packet=1073741824, and in its configuration file), then restore "
                    + "again. The database '" + target.database() + "' was not changed.");
        }
    }

    private BackupException spoolFull(Path file, long written, IOException e) {
        return new BackupException("Cannot write the dump to the temporary file " + file + " after " + written + " bytes ("
                + describeCause(e) + "). Replacing what database '" + target.database() + "' holds keeps the whole dump there first "
                + "(it needs free space of the dump's size in java.io.tmpdir, " + System.getProperty("java.io.tmpdir") + "): free "
                + "space there or point java.io.tmpdir at a folder with room. The database '" + target.database() + "' was not changed.", e);
    }

    private static String describeCause(Throwable e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage().strip().replaceAll("\\.+$", "");
    }

    /**
     * Replacing a database's content drops it and creates it again: a user with DROP but without CREATE
     * would be left with no database. A throw-away table tells, before anything changes (DROP TABLE IF
     * EXISTS checks the privilege even for a missing table).
     */
    void probeCleanPrivileges() {
        String probe = MysqlTools.quoteIdentifier(target.database()) + "." + MysqlTools.quoteIdentifier("embeddedbackup_probe_"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL));
        try (Connection conn = target.connect(false); Statement statement = conn.createStatement()) {
            for (String[] step : new String[][] {{"DROP", "drop table if exists " + probe}, {"CREATE", "create table " + probe + " (id int)"},
                    {"DROP", "drop table " + probe}}) {
                try {
                    statement.execute(step[1]);
                } catch (SQLException e) {
                    if (e.getErrorCode() != 1142 && e.getErrorCode() != 1044 && e.getErrorCode() != 1227) {
                        throw e;
                    }
                    throw new BackupConfigurationException("Refusing to replace what database '" + target.database() + "' on "
                            + target.hostAndPort() + " holds: user '" + target.user() + "' lacks the " + step[0] + " privilege on it, "
                            + "and replacing drops the database and creates it again (it needs both DROP and CREATE). Nothing was "
                            + "changed" + (step[0].equals("DROP") && step[1].startsWith("drop table " + probe)
                                    ? " but the empty table " + probe + " that tested the privileges, which a user with DROP can remove" : "")
                            + ". Grant it (GRANT CREATE, DROP ON " + MysqlTools.quoteIdentifier(target.database()) + ".* TO '"
                            + target.user() + "'@'…'), or restore into a new database.", e).withRemedies(Remedy.CREATE_TARGET);
                }
            }
        } catch (SQLException e) {
            throw target.connectionFailure(e);
        }
    }

    private enum Before { CREATED, EMPTY, CLEANED }

    /** Brings the database into a known state after a failed load, and says which. */
    private String stateAfterFailure(Before before, Map<String, String> charset) {
        String db = "'" + target.database() + "'";
        try {
            switch (before) {
                case CREATED -> {
                    dropDatabase();
                    return "The database " + db + " that this restore created was dropped again; nothing else changed.";
                }
                case EMPTY -> {
                    recreate(charset);
                    return "The database " + db + " was empty before; what the restore had loaded was removed, so it is empty again.";
                }
                default -> {
                    recreate(charset);
                    return "The database " + db + " is now EMPTY: replacing its content dropped what it held before the load failed. "
                            + "Run the restore again, or restore the backup taken before (the safety backup, if one was made).";
                }
            }
        } catch (RuntimeException cleanup) {
            return "The restore then could not " + (before == Before.CREATED ? "drop" : "empty") + " it (" + cleanup.getMessage()
                    + "). " + currentState();
        }
    }

    /** What the database is now, looked up: it no longer exists, is empty, or holds what (a partial restore). */
    private String currentState() {
        String db = "'" + target.database() + "'";
        try {
            if (!databaseExists()) {
                return "The database " + db + " NO LONGER EXISTS (it was dropped): create it and restore again, or restore the backup "
                        + "taken before (the safety backup, if one was made).";
            }
            String contents = describeContents();
            return contents.isEmpty() ? "The database " + db + " exists and is EMPTY: restore again."
                    : "The database " + db + " holds a PARTIAL restore (" + contents + "): drop and recreate it by hand, then restore again.";
        } catch (RuntimeException e) {
            return "The state of database " + db + " is unknown (" + e.getMessage() + "): check it by hand.";
        }
    }

    /**
     * {@code --binary-mode}: a {@code \0} or {@code \r\n} in the data is taken as is; {@code --default-character-set=utf8mb4}:
     * the dump's bytes are not converted; {@code --max-allowed-packet=1G}: the client's limit for one
     * statement (the server's max_allowed_packet must also fit the largest row); no {@code --force}: the
     * first error stops the load.
     */
    List<String> command(MysqlTools.Tool tool, String optionsFile) {
        return List.of(tool.program(), "--defaults-file=" + optionsFile, "--binary-mode", "--default-character-set=utf8mb4",
                "--max-allowed-packet=1G", "--batch", "--", target.database());
    }

    private void run(MysqlTools.Tool tool, InputStream entry, SourceRecord source, boolean noOwner) throws IOException {
        try (OptionsFifo options = OptionsFifo.create(target.clientOptions())) {
            List<String> command = command(tool, options.path().toString());
            ExternalProcess process;
            try {
                process = ExternalProcess.start(command, MysqlConnectionInfo.toolEnvironment());
            } catch (IOException e) {
                throw new BackupConfigurationException("Cannot start " + tool.program() + ": " + e.getMessage()
                        + ". Install the MySQL/MariaDB client or set " + MysqlTools.RESTORE_SETTING.neutralName() + ".", e);
            }
            drainStdout(process);
            try (process) {
                OutputStream toolInput = noOwner ? new DefinerStripper(process.process().getOutputStream()) : process.process().getOutputStream();
                Pumped pumped = new Pumped();
                try {
                    pump(entry, toolInput, !tool.version().mariadb(), pumped);
                } catch (ToolStoppedReading e) {
                    // the client exited before reading everything: its exit code and stderr say why
                } catch (IOException | RuntimeException e) {
                    process.close(); // the rest of the dump must not be loaded: stop the client before its input ends
                    throw e;
                }
                if (InterruptedOperationException.requested()) {
                    process.close();
                    throw new InterruptedIOException("stopped before the client read the end of the dump");
                }
                try {
                    toolInput.close();
                } catch (IOException e) {
                    pumped.stopped = true; // what a DEFINER filter still held did not reach the client
                }
                int exit = process.waitFor();
                String program = MysqlTools.name(tool.program());
                if (exit != 0) {
                    String stderr = target.scrub(process.stderrTail());
                    String hint = tooLargeStatement(stderr, pumped.longestLine.value());
                    throw new DumpFailedException(program + " " + ExternalProcess.describeExit(exit) + " while restoring source '"
                            + source.name() + "' into " + describe() + (stderr.isEmpty() ? "" : ": " + stderr) + ". "
                            + (hint != null ? hint : MysqlErrors.hint(stderr, exit, program, target)), exit, stderr, command, null)
                            .withRemedies(MysqlErrors.definerRefused(stderr) ? new Remedy[] {Remedy.NO_OWNER} : new Remedy[0]);
                }
                if (pumped.stopped) {
                    // Exit code 0 alone proves nothing: a client that stopped reading did not load the rest.
                    String stderr = target.scrub(process.stderrTail());
                    throw new DumpFailedException(program + " ('" + tool.program() + "') exited with code 0 but stopped reading the dump "
                            + "after " + pumped.bytes + " bytes, before its end, while restoring source '" + source.name() + "' into "
                            + describe() + (stderr.isEmpty() ? "" : ": " + stderr) + ". The dump was not loaded completely. Check that the "
                            + "restore tool is a real MySQL/MariaDB client (" + MysqlTools.RESTORE_SETTING.neutralName() + ").",
                            exit, stderr, command, null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while the client was running");
            }
        }
    }

    /**
     * Reads and drops what the client prints (a dump's {@code SELECT SETVAL(…)} of every sequence prints
     * a result): a full stdout pipe would stop the client, and with it the restore.
     */
    private static void drainStdout(ExternalProcess process) {
        Thread drain = new Thread(() -> {
            try (InputStream out = process.process().getInputStream()) {
                out.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                // the client ended
            }
        }, "mysql-client-stdout");
        drain.setDaemon(true);
        drain.start();
    }

    /** What {@link #pump} wrote: bytes, the longest line (a dump has one statement a line) and whether the client stopped reading. */
    private static final class Pumped {
        long bytes;
        final LongestLine longestLine = new LongestLine();
        boolean stopped;
    }

    /** Copies the dump; for MySQL's client, without the MariaDB sandbox line it cannot parse. */
    private static void pump(InputStream from, OutputStream to, boolean dropSandboxLine, Pumped pumped) throws IOException {
        byte[] buffer = new byte[COPY_BUFFER];
        boolean first = true;
        int n;
        while ((n = read(from, buffer)) > 0) {
            int start = 0;
            if (first && dropSandboxLine && startsWith(buffer, n, SANDBOX_LINE)) {
                start = SANDBOX_LINE.length;
            }
            first = false;
            try {
                to.write(buffer, start, n - start);
            } catch (IOException e) {
                pumped.stopped = true;
                throw new ToolStoppedReading(e);
            }
            pumped.bytes += n - start;
            pumped.longestLine.add(buffer, start, n);
        }
    }

    /** Reads from the backup; a failure there (a checksum, the decompressor, the storage) says the backup is at fault. */
    private static int read(InputStream from, byte[] buffer) throws IOException {
        try {
            return from.readNBytes(buffer, 0, buffer.length);
        } catch (IOException | RuntimeException e) {
            if (InterruptedOperationException.requested() || e instanceof InterruptedOperationException) {
                throw e;
            }
            throw new BackupException("Cannot read the dump of this backup (" + describeCause(e) + "): the backup is damaged or "
                    + "unreadable; the client was stopped before the rest was loaded. Restore another backup, or check this one with "
                    + "verify.", e);
        }
    }

    /**
     * A statement larger than the server's max_allowed_packet makes the server close the connection, and
     * the client reports only "server has gone away": compare the dump's longest statement with the limit.
     */
    private @Nullable String tooLargeStatement(String stderr, long longestLine) {
        String text = stderr.toLowerCase(java.util.Locale.ROOT);
        boolean packet = text.contains("max_allowed_packet") || text.contains("packet bigger") || text.contains("1153");
        if (!packet && !text.contains("gone away") && !text.contains("lost connection") && !text.contains("2006") && !text.contains("2013")) {
            return null;
        }
        long limit = -1;
        try (Connection conn = target.connect(false); Statement statement = conn.createStatement();
                ResultSet rs = statement.executeQuery("select @@global.max_allowed_packet")) {
            limit = rs.next() ? rs.getLong(1) : -1;
        } catch (SQLException | RuntimeException e) {
            // the server is really gone: then that is the cause
        }
        if (!packet && (limit < 0 || longestLine < limit)) {
            return null;
        }
        return "The dump holds a statement of " + longestLine + " bytes (a large row)" + (limit < 0 ? "" : ", larger than the target "
                + "server's max_allowed_packet of " + limit + " bytes") + ", so the server closed the connection. Raise max_allowed_packet "
                + "on the target server " + target.hostAndPort() + " above that (SET GLOBAL max_allowed_packet=1073741824, and in its "
                + "configuration file), then restore again.";
    }

    private static boolean startsWith(byte[] buffer, int length, byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (buffer[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Writing to the tool failed: it exited or closed its input. */
    private static final class ToolStoppedReading extends IOException {
        ToolStoppedReading(IOException cause) {
            super(cause);
        }
    }

    private MysqlVersion serverVersion() {
        try (Connection conn = target.connect(false)) {
            return MysqlDumpSource.serverVersion(conn);
        } catch (SQLException e) {
            throw target.connectionFailure(e);
        }
    }

    /** Whether the target database exists on its server. */
    public boolean databaseExists() {
        try (Connection conn = target.connect(false);
                PreparedStatement statement = conn.prepareStatement("select 1 from information_schema.schemata where schema_name = ?")) {
            statement.setString(1, target.database());
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw target.connectionFailure(e);
        }
    }

    /** Whether the database exists and holds a table, view, routine or event. */
    public boolean holdsData() {
        return databaseExists() && !describeContents().isEmpty();
    }

    /** What the database holds, e.g. "3 tables, 1 view"; empty when nothing. */
    String describeContents() {
        String sql = "select "
                + "(select count(*) from information_schema.tables where table_schema = ? and table_type <> 'VIEW'), "
                + "(select count(*) from information_schema.views where table_schema = ?), "
                + "(select count(*) from information_schema.routines where routine_schema = ?), "
                + "(select count(*) from information_schema.events where event_schema = ?)";
        try (Connection conn = target.connect(false); PreparedStatement statement = conn.prepareStatement(sql)) {
            for (int i = 1; i <= 4; i++) {
                statement.setString(i, target.database());
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return ObjectCounts.describe(rs, "table", "view", "routine", "event");
            }
        } catch (SQLException e) {
            throw target.connectionFailure(e);
        }
    }

    private Map<String, String> currentCharset() {
        try (Connection conn = target.connect(false)) {
            return MysqlDumpSource.charset(conn, target.database());
        } catch (SQLException e) {
            throw target.connectionFailure(e);
        }
    }

    /** Creates the database with the source's character set and collation (utf8mb4 when unknown or not on this server). */
    private void createDatabase(@Nullable String characterSet, @Nullable String collation, @Nullable SourceRecord source) {
        String name = MysqlTools.quoteIdentifier(target.database());
        String charset = characterSet == null || !characterSet.matches("[a-z0-9_]+") ? "utf8mb4" : characterSet;
        String base = "create database " + name + " character set " + charset;
        try (Connection conn = target.connect(false); Statement statement = conn.createStatement()) {
            if (collation != null && collation.matches("[a-z0-9_]+")) {
                try {
                    statement.execute(base + " collate " + collation);
                    return;
                } catch (SQLException e) {
                    if (e.getErrorCode() != 1273 && e.getErrorCode() != 1115 && e.getErrorCode() != 1253) { // unknown collation/charset, mismatch
                        throw e;
                    }
                    logger.warn("Collation {} is not available on {}; creating the database with {}'s default collation.",
                            collation, describe(), charset);
                }
            }
            statement.execute(base);
        } catch (SQLException e) {
            throw new BackupException("Cannot create database '" + target.database() + "' on " + target.hostAndPort() + ": "
                    + e.getMessage() + ". The user needs the CREATE privilege, or create the empty database first and restore into it "
                    + "without creating it.", e).withRemedies(Remedy.CREATE_TARGET);
        }
    }

    /** Drops the database and creates it empty again with {@code charset}'s character set and collation. */
    private void recreate(Map<String, String> charset) {
        dropDatabase();
        createDatabase(charset.get("characterSet"), charset.get("collation"), null);
    }

    private void dropDatabase() {
        try (Connection conn = target.connect(false); Statement statement = conn.createStatement()) {
            statement.execute("drop database if exists " + MysqlTools.quoteIdentifier(target.database()));
        } catch (SQLException e) {
            throw new BackupException("Cannot drop database '" + target.database() + "' on " + target.hostAndPort() + ": "
                    + e.getMessage() + ". The user needs the DROP privilege on it.", e);
        }
    }

    private static String uncapitalize(String sentence) {
        return Character.toLowerCase(sentence.charAt(0)) + sentence.substring(1).replaceAll("\\.$", "");
    }
}
