package io.github.embeddedbackup.core.source.sqlite;

import io.github.embeddedbackup.core.Remedy;
import io.github.embeddedbackup.core.BackupException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.BackupEngine;
import io.github.embeddedbackup.core.BackupOptions;
import io.github.embeddedbackup.core.BackupProgressListener;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.manifest.TableRecord;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.restore.BackupRestorer;
import io.github.embeddedbackup.core.source.RestoreOptions;
import io.github.embeddedbackup.core.storage.FilesystemBackupStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SQLite backups of real files while another connection keeps writing. */
class SqliteBackupTests {

    static final int ACCOUNTS = 100;
    static final long TOTAL = ACCOUNTS * 1000L;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "journal_mode={0}")
    @ValueSource(strings = {"wal", "delete"})
    void backupDuringWritesIsAConsistentSnapshot(String journalMode) throws Exception {
        Path live = dir.resolve("live.db");
        createBank(live, journalMode);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong commits = new AtomicLong();
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        Thread writer = new Thread(() -> transferUntilStopped(live, stop, commits, writerFailure), "writer");
        writer.start();
        try {
            waitFor(() -> commits.get() > 200);
            long before = commits.get();
            Manifest manifest = backup(live);
            long after = commits.get();
            waitFor(() -> commits.get() > after + 20);
            assertThat(after).as("the writer kept committing while the backup ran").isGreaterThan(before);

            Path restored = dir.resolve("restored.db");
            restore(manifest.id(), restored, RestoreOptions.defaults());

            try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + restored); Statement statement = conn.createStatement()) {
                assertThat(single(statement, "pragma integrity_check")).isEqualTo("ok");
                assertThat(Long.parseLong(single(statement, "select sum(balance) from account")))
                        .as("every transfer is in the snapshot whole or not at all").isEqualTo(TOTAL);
                long transfers = Long.parseLong(single(statement, "select count(*) from transfer where from_id > 0"));
                assertThat(transfers).isBetween(before, after + 1);
                assertThat(manifest.sources().get(0).tables()).contains(new TableRecord("transfer", transfers + 5000),
                        new TableRecord("account", ACCOUNTS));
            }
        } finally {
            stop.set(true);
            writer.join();
        }
        assertThat(writerFailure.get()).as("the writer was never blocked out").isNull();
    }

    @Test
    void aNewEmptyFileIsADatabaseNotYetWrittenButAFileOfOtherBytesIsRefused() throws Exception {
        Path empty = java.nio.file.Files.createFile(dir.resolve("new.db")); // what the driver leaves before the first table
        new SqliteSource("app", empty).preflight();
        Path text = java.nio.file.Files.writeString(dir.resolve("notes.txt"), "not a database");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SqliteSource("notes", text).preflight())
                .hasMessageContaining("is not a SQLite database");
    }

    @Test
    void restoreRefusesToOverwriteAnExistingFileAndCleanReplacesIt() throws Exception {
        Path live = dir.resolve("app.db");
        createBank(live, "delete");
        Manifest manifest = backup(live);
        Path existing = dir.resolve("existing.db");
        Files.writeString(existing, "precious");

        assertThatThrownBy(() -> restore(manifest.id(), existing, RestoreOptions.defaults()))
                .isInstanceOf(BackupConfigurationException.class)
                .hasMessageContaining("Refusing to overwrite " + existing)
                .hasMessageNotContaining("--")
                .satisfies(e -> assertThat(((BackupException) e).remedies()).containsExactly(Remedy.CLEAN_TARGET));
        assertThat(Files.readString(existing)).isEqualTo("precious");

        restore(manifest.id(), existing, new RestoreOptions(false, true, 1, List.of(), false));
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + existing); Statement statement = conn.createStatement()) {
            assertThat(single(statement, "select count(*) from account")).isEqualTo(Integer.toString(ACCOUNTS));
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file is left").noneMatch(n -> n.startsWith("."));
        }
    }

    @Test
    void cleanRefusesToReplaceADatabaseThatIsInUse() throws Exception {
        Path live = dir.resolve("app.db");
        createBank(live, "wal");
        Manifest manifest = backup(live);
        try (Connection open = DriverManager.getConnection("jdbc:sqlite:" + live); Statement statement = open.createStatement()) {
            statement.execute("update account set balance = balance where id = 1"); // keeps app.db-wal present
            assertThat(dir.resolve("app.db-wal")).exists();

            assertThatThrownBy(() -> restore(manifest.id(), live, new RestoreOptions(false, true, 1, List.of(), false)))
                    .isInstanceOf(BackupConfigurationException.class)
                    .hasMessageContaining("app.db-wal exists")
                    .hasMessageContaining("Stop the application");
        }
    }

    @Test
    void missingOrForeignSourceFilesAreRefusedClearly() throws Exception {
        assertThatThrownBy(() -> backup(dir.resolve("nope.db")))
                .isInstanceOf(BackupConfigurationException.class)
                .hasMessageContaining("nope.db does not exist");
        assertThat(dir.resolve("nope.db")).as("the backup never creates the source file").doesNotExist();

        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "not a database, just some text that is long enough");
        assertThatThrownBy(() -> backup(text)).isInstanceOf(BackupConfigurationException.class).hasMessageContaining("is not a SQLite database");

        assertThatThrownBy(() -> SqliteFiles.pathFromJdbcUrl("jdbc:sqlite::memory:"))
                .isInstanceOf(BackupConfigurationException.class)
                .hasMessageContaining("in-memory");
        assertThat(new BackupRepository(new FilesystemBackupStorage(dir.resolve("backups"))).list().backups()).isEmpty();
    }

    private Manifest backup(Path file) {
        BackupRepository repository = new BackupRepository(new FilesystemBackupStorage(dir.resolve("backups")));
        return new BackupEngine(repository, BackupOptions.defaults())
                .backup(List.of(new SqliteSource("app", file)), Map.of(), BackupProgressListener.NONE);
    }

    private void restore(String id, Path target, RestoreOptions options) {
        BackupRepository repository = new BackupRepository(new FilesystemBackupStorage(dir.resolve("backups")));
        new BackupRestorer(repository).restore(id, null, new SqliteRestoreTarget(target), options);
    }

    static void createBank(Path file, String journalMode) throws SQLException {
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + file); Statement statement = conn.createStatement()) {
            statement.execute("pragma journal_mode=" + journalMode);
            statement.execute("create table account (id integer primary key, balance integer not null)");
            statement.execute("create table transfer (id integer primary key, from_id int, to_id int, amount int, memo blob)");
            conn.setAutoCommit(false);
            try (PreparedStatement insert = conn.prepareStatement("insert into account values (?, 1000)")) {
                for (int i = 1; i <= ACCOUNTS; i++) {
                    insert.setInt(1, i);
                    insert.executeUpdate();
                }
            }
            // Some bulk, so that copying the database takes a moment.
            try (PreparedStatement insert = conn.prepareStatement("insert into transfer (from_id, to_id, amount, memo) values (0, 0, 0, ?)")) {
                byte[] memo = new byte[4096];
                for (int i = 0; i < 5000; i++) {
                    ThreadLocalRandom.current().nextBytes(memo);
                    insert.setBytes(1, memo);
                    insert.executeUpdate();
                }
            }
            conn.commit();
        }
    }

    /** Moves money between accounts in transactions: the total never changes. */
    static void transferUntilStopped(Path file, AtomicBoolean stop, AtomicLong commits, AtomicReference<Throwable> failure) {
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement statement = conn.createStatement()) {
                statement.execute("pragma busy_timeout = 30000");
            }
            conn.setAutoCommit(false);
            try (PreparedStatement debit = conn.prepareStatement("update account set balance = balance - ? where id = ?");
                    PreparedStatement credit = conn.prepareStatement("update account set balance = balance + ? where id = ?");
                    PreparedStatement log = conn.prepareStatement("insert into transfer (from_id, to_id, amount, memo) values (?, ?, ?, ?)")) {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (!stop.get()) {
                    int from = 1 + random.nextInt(ACCOUNTS);
                    int to = 1 + random.nextInt(ACCOUNTS);
                    int amount = 1 + random.nextInt(50);
                    debit.setInt(1, amount);
                    debit.setInt(2, from);
                    debit.executeUpdate();
                    credit.setInt(1, amount);
                    credit.setInt(2, to);
                    credit.executeUpdate();
                    log.setInt(1, from);
                    log.setInt(2, to);
                    log.setInt(3, amount);
                    log.setBytes(4, new byte[64]);
                    log.executeUpdate();
                    conn.commit();
                    commits.incrementAndGet();
                }
            }
        } catch (Throwable e) {
            failure.set(e);
        }
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within 30 s");
            }
            Thread.sleep(5);
        }
    }

    static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
