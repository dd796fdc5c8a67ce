package io.github.embeddedbackup.core.source.postgres;

import io.github.embeddedbackup.core.Remedy;
import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.BackupException;
import io.github.embeddedbackup.core.manifest.SourceRecord;
import io.github.embeddedbackup.core.source.ObjectCounts;
import io.github.embeddedbackup.core.source.RestoreOptions;
import io.github.embeddedbackup.core.source.TableName;
import io.github.embeddedbackup.core.source.DumpFailedException;
import io.github.embeddedbackup.core.source.ExternalProcess;
import io.github.embeddedbackup.core.source.InterruptedOperationException;
import io.github.embeddedbackup.core.source.RestoreTarget;
import io.github.embeddedbackup.core.source.ToolNotUsableException;
import io.github.embeddedbackup.core.source.TempFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a PostgreSQL dump with {@code pg_restore} into a new database ({@code create}), an empty
 * existing one, or — with {@code clean} — over the objects of an existing one.
 *
 * <p>With one job the dump is streamed into {@code pg_restore --single-transaction}: if anything
 * fails, including a checksum mismatch found at the end of the entry, {@code pg_restore} is killed
 * before it commits and the target is left as it was. With several jobs {@code pg_restore} needs a
 * seekable file, so the entry is first written to a private temporary file and checked in full.
 */
public final class PgRestoreTarget implements RestoreTarget {

    private static final Logger logger = LoggerFactory.getLogger(PgRestoreTarget.class);
    /** Large enough that the per-call cost of the stream layers (tar, hash, check) disappears. */
    private static final int COPY_BUFFER = 1 << 20;

    private final PgConnectionInfo target;
    private final String pgRestore;

    public PgRestoreTarget(PgConnectionInfo target, String pgRestore) {
        this.target = target;
        this.pgRestore = pgRestore;
    }

    public PgRestoreTarget(PgConnectionInfo target) {
        this(target, "pg_restore");
    }

    @Override
    public String describe() {
        return target.describe();
    }

    @Override
    public boolean accepts(SourceRecord source) {
        return PgDumpSource.TYPE.equals(source.type());
    }

    @Override
    public void check(SourceRecord source, RestoreOptions options) {
        PgVersion tool = PgTools.version(pgRestore, Remedy.RESTORE_TOOL);
        String dumpedBy = source.property("pgDumpVersion");
        PgTools.parseVersion(dumpedBy == null ? "" : dumpedBy).ifPresent(dumpVersion -> {
            if (tool.compareTo(dumpVersion) < 0) {
                throw new ToolNotUsableException("pg_restore " + tool.majorText() + " ('" + pgRestore + "') is older than the "
                        + "pg_dump " + dumpVersion.majorText() + " that wrote source '" + source.name() + "', and may not read its "
                        + "archive. Install postgresql-client-" + dumpVersion.majorText()
                        + " or set the pg_restore path.", null).withRemedies(Remedy.RESTORE_TOOL);
            }
        });
        boolean exists = databaseExists();
        if (options.create() && exists) {
            throw new BackupConfigurationException("Cannot restore into " + describe() + " by creating it: database '"
                    + target.database() + "' already exists. Choose a new database name, or restore into the existing "
                    + "database without creating it (it must then be empty, or the restore must replace its objects).")
                    .withRemedies(Remedy.CREATE_TARGET, Remedy.CLEAN_TARGET);
        }
        if (!options.create() && !exists) {
            throw new BackupConfigurationException("Cannot restore into " + describe() + ": database '" + target.database()
                    + "' does not exist. Let the restore create it.").withRemedies(Remedy.CREATE_TARGET);
        }
        if (!options.create() && !options.clean()) {
            String contents = describeContents();
            if (!contents.isEmpty()) {
                throw new BackupConfigurationException("Refusing to restore into " + describe() + ": the database is not empty ("
                        + contents + "). Restore into a new database that the restore creates, or let the restore drop and "
                        + "replace the objects that the backup contains.").withRemedies(Remedy.CREATE_TARGET, Remedy.CLEAN_TARGET);
            }
        }
    }

    @Override
    public void restore(SourceRecord source, InputStream entry, RestoreOptions options) throws IOException {
        boolean created = false;
        if (options.create()) {
            createDatabase(source);
            created = true;
        }
        boolean singleTransaction = options.jobs() == 1;
        Path spool = null;
        boolean restoreStarted = false; // a parallel restore changes nothing while its dump is being spooled
        try {
            if (options.jobs() > 1) {
                spool = spool(entry);
            }
            restoreStarted = true;
            run(command(options, singleTransaction, spool), spool == null ? entry : null, source);
            logger.info("Restore finished. source: {}, target: {}", source.name(), describe());
        } catch (IOException | RuntimeException e) {
            if (InterruptedOperationException.requested()) {
                String state = stateAfterFailure(created, singleTransaction || !restoreStarted, options);
                throw new InterruptedOperationException("Restore into " + describe(), uncapitalize(state), e);
            }
            String what = e.getMessage() == null || e.getMessage().isBlank() ? "Restore into " + describe() + " failed: " + messageOf(e) + "."
                    : e.getMessage();
            throw new BackupException(what + " " + stateAfterFailure(created, singleTransaction || !restoreStarted, options), e);
        } finally {
            if (spool != null) {
                TempFiles.deleteRecursively(spool.getParent());
            }
        }
    }

    private static String uncapitalize(String sentence) {
        return Character.toLowerCase(sentence.charAt(0)) + sentence.substring(1).replaceAll("\\.$", "");
    }

    /** @param unchanged nothing reached the database: a single transaction rolled back, or pg_restore never started */
    private String stateAfterFailure(boolean created, boolean unchanged, RestoreOptions options) {
        if (created) {
            try {
                dropDatabase();
                return "The database '" + target.database() + "' that this restore created was dropped again; nothing else changed.";
            } catch (RuntimeException dropFailure) {
                return "The database '" + target.database() + "' that this restore created could not be dropped ("
                        + messageOf(dropFailure) + "); it holds a partial restore: drop it by hand.";
            }
        }
        if (unchanged) {
            return options.jobs() == 1 ? "The restore ran in a single transaction, which was rolled back: " + describe() + " is as it was."
                    : "pg_restore had not started: " + describe() + " is as it was.";
        }
        return describe() + " now holds a PARTIAL restore (parallel restore cannot roll back). Run the restore again, letting it"
                + " replace what the database holds, or drop and recreate the database.";
    }

    private List<String> command(RestoreOptions options, boolean singleTransaction, Path spool) {
        List<String> command = new ArrayList<>(List.of(pgRestore, "--exit-on-error", "--no-password", "--dbname=" + target.database()));
        if (singleTransaction) {
            command.add("--single-transaction");
        }
        if (options.jobs() > 1) {
            command.add("--jobs=" + options.jobs());
        }
        if (options.clean()) {
            command.add("--clean");
            command.add("--if-exists");
        }
        if (options.noOwner()) {
            command.add("--no-owner");
        }
        for (String table : options.tables()) {
            // pg_restore takes names as they are, without quotes.
            TableName name = TableName.parse(table);
            if (name.schema() != null) {
                command.add("--schema=" + name.schema());
            }
            command.add("--table=" + name.name());
        }
        if (spool != null) {
            command.add(spool.toString());
        }
        return command;
    }

    private void run(List<String> command, @Nullable InputStream stdin, SourceRecord source) throws IOException {
        ExternalProcess process;
        try {
            process = ExternalProcess.start(command, target.toolEnvironment().variables());
        } catch (IOException e) {
            throw new BackupConfigurationException("Cannot start " + pgRestore + ": " + e.getMessage()
                    + ". Install the PostgreSQL client tools or set the pg_restore path.", e).withRemedies(Remedy.RESTORE_TOOL);
        }
        try (process) {
            OutputStream toolInput = process.process().getOutputStream();
            try {
                if (stdin != null) {
                    pump(stdin, toolInput);
                }
            } catch (ToolStoppedReading e) {
                // pg_restore exited before reading everything: its exit code and stderr say why.
            } catch (IOException | RuntimeException e) {
                // Kill pg_restore BEFORE its input is closed: it never sees the end of the dump, so its
                // single transaction never commits.
                process.close();
                throw e;
            }
            if (InterruptedOperationException.requested()) {
                process.close(); // stopped: closing the input now would let pg_restore commit
                throw new InterruptedIOException("stopped before pg_restore read the end of the dump");
            }
            try {
                toolInput.close();
            } catch (IOException e) {
                // already gone; the exit code tells
            }
            int exit = process.waitFor();
            if (exit != 0) {
                throw new DumpFailedException("pg_restore " + ExternalProcess.describeExit(exit) + " while restoring source '"
                        + source.name() + "' into " + describe() + ": " + process.stderrTail() + ".", exit,
                        process.stderrTail(), command, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while pg_restore was running");
        }
    }

    private static void pump(InputStream from, OutputStream to) throws IOException {
        byte[] buffer = new byte[COPY_BUFFER];
        int n;
        while ((n = from.read(buffer)) >= 0) {
            try {
                to.write(buffer, 0, n);
            } catch (IOException e) {
                throw new ToolStoppedReading(e);
            }
        }
    }

    /** Writing to the tool failed: it exited or closed its input. */
    private static final class ToolStoppedReading extends IOException {
        ToolStoppedReading(IOException cause) {
            super(cause);
        }
    }

    /**
     * Writes the entry to a private temporary file (pg_restore --jobs needs a seekable file), then
     * fills in the data offsets that pg_dump could not write into a pipe, so that pg_restore's
     * workers seek to their tables instead of scanning the file.
     */
    private static Path spool(InputStream entry) throws IOException {
        Path directory = TempFiles.privateDirectory("embeddedbackup-restore-");
        Path file = directory.resolve("database.dump");
        CustomDumpOffsets offsets = new CustomDumpOffsets();
        long started = System.nanoTime();
        try {
            try (OutputStream out = Files.newOutputStream(file)) {
                byte[] buffer = new byte[COPY_BUFFER];
                int n;
                while ((n = entry.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    offsets.accept(buffer, 0, n);
                }
            }
            // Only now, after the entry's SHA-256 matched at its end, is the file changed.
            logger.debug("Dump spooled to {} in {} ms ({} bytes)", file, (System.nanoTime() - started) / 1_000_000, Files.size(file));
            int written = offsets.writeInto(file);
            if (written > 0) {
                logger.debug("Data offsets written for {} entries of {}", written, file);
            } else {
                logger.debug("Dump left without data offsets ({}); pg_restore scans it instead", offsets.unusable());
            }
        } catch (IOException | RuntimeException e) {
            TempFiles.deleteRecursively(directory);
            throw e;
        }
        return file;
    }

    /** Whether the target database exists on its server. */
    public boolean databaseExists() {
        try (Connection conn = maintenanceConnection();
                var statement = conn.prepareStatement("select 1 from pg_database where datname = ?")) {
            statement.setString(1, target.database());
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw target.connectionFailure(e);
        }
    }

    /** What the target holds, e.g. "3 tables, 1 schema"; empty when there is nothing of a user's. */
    private String describeContents() {
        String sql = "select "
                + "(select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relkind in ('r','p','v','m','S','f') "
                + "  and n.nspname not in ('pg_catalog','information_schema') and n.nspname not like 'pg\\_%'), "
                + "(select count(*) from pg_namespace where nspname not in ('public','information_schema') and nspname not like 'pg\\_%'), "
                + "(select count(*) from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname not in "
                + "  ('pg_catalog','information_schema') and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')), "
                + "(select count(*) from pg_largeobject_metadata)";
        try (Connection conn = target.connect(); Statement statement = conn.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return ObjectCounts.describe(rs, "relation", "schema", "function", "large object");
        } catch (SQLException e) {
            throw target.connectionFailure(e);
        }
    }

    private void createDatabase(SourceRecord source) {
        String name = PgTools.quoteIdentifier(target.database());
        String encoding = source.property("encoding");
        String collate = source.property("collate");
        String ctype = source.property("ctype");
        String base = "create database " + name + " template template0" + (encoding != null ? " encoding " + PgTools.quoteLiteral(encoding) : "");
        try (Connection conn = maintenanceConnection(); Statement statement = conn.createStatement()) {
            if (collate != null && ctype != null) {
                try {
                    statement.execute(base + " lc_collate " + PgTools.quoteLiteral(collate) + " lc_ctype " + PgTools.quoteLiteral(ctype));
                    return;
                } catch (SQLException e) {
                    if (!"22023".equals(e.getSQLState()) && !"XX000".equals(e.getSQLState())) {
                        throw e;
                    }
                    logger.warn("Locale {}/{} of source '{}' is not available on {}; creating the database with the server's default locale.",
                            collate, ctype, source.name(), describe());
                }
            }
            statement.execute(base);
        } catch (SQLException e) {
            throw new BackupException("Cannot create database '" + target.database() + "' on " + describe() + ": " + messageOf(e)
                    + ". The user needs the CREATEDB privilege, or create the empty database first and restore into it without "
                    + "creating it.", e).withRemedies(Remedy.CREATE_TARGET);
        }
    }

    /** Drops the database this restore created; a pg_restore connection that is still closing does not stop it. */
    private void dropDatabase() {
        String drop = "drop database if exists " + PgTools.quoteIdentifier(target.database());
        try (Connection conn = maintenanceConnection(); Statement statement = conn.createStatement()) {
            try {
                statement.execute(drop + " with (force)");
            } catch (SQLException e) {
                if (!"42601".equals(e.getSQLState())) { // a server before 13 knows no FORCE
                    throw e;
                }
                statement.execute(drop);
            }
        } catch (SQLException e) {
            throw new BackupException(messageOf(e), e);
        }
    }

    /** A failure's message; one without (an NPE, a bare IOException) is named by its class instead of "null". */
    private static String messageOf(Throwable failure) {
        String message = failure.getMessage();
        return message != null && !message.isBlank() ? message : failure.getClass().getName() + " (without a message)";
    }

    /** A connection to the server's {@code postgres} database, to create or inspect the target database. */
    private Connection maintenanceConnection() throws SQLException {
        try {
            return target.withDatabase("postgres").connect();
        } catch (BackupException e) {
            if (e.getCause() instanceof SQLException sql && "3D000".equals(sql.getSQLState())) {
                return target.withDatabase("template1").connect();
            }
            throw e;
        }
    }

}
