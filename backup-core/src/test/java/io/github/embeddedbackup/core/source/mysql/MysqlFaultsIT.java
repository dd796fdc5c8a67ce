package io.github.embeddedbackup.core.source.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.BackupEngine;
import io.github.embeddedbackup.core.BackupException;
import io.github.embeddedbackup.core.BackupOptions;
import io.github.embeddedbackup.core.Remedy;
import io.github.embeddedbackup.core.BackupProgressListener;
import io.github.embeddedbackup.core.manifest.SourceRecord;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.source.ArchiveSink;
import io.github.embeddedbackup.core.source.BackupSource;
import io.github.embeddedbackup.core.source.DumpFailedException;
import io.github.embeddedbackup.core.source.RestoreOptions;
import io.github.embeddedbackup.core.source.SourceDetails;
import io.github.embeddedbackup.core.source.SourceProvider;
import io.github.embeddedbackup.core.source.SourceProviders;
import io.github.embeddedbackup.core.source.SourceSettings;
import io.github.embeddedbackup.core.source.ToolNotUsableException;
import io.github.embeddedbackup.core.storage.FilesystemBackupStorage;
import io.github.embeddedbackup.core.testing.MysqlTestServer;
import io.github.embeddedbackup.core.testing.faults.Leftovers;
import io.github.embeddedbackup.core.testing.faults.SecretScan;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What goes wrong with MySQL/MariaDB backups and restores, and what the user is told. */
@Tag("fault-matrix")
class MysqlFaultsIT {

    static final String SECRET = "Pw-" + Long.toHexString(System.nanoTime()) + "-\"q'#;x";
    static String database;
    static String user;

    final List<String> created = new ArrayList<>();

    @TempDir
    Path storageDir;

    @TempDir
    Path scripts;

    @BeforeAll
    static void seed() {
        MysqlTestServer.require();
        database = MysqlTestServer.createDatabase("bt_my_faults");
        // About 20 MB of dump, so the dump tool is still writing when it is killed.
        MysqlTestServer.execute(database, "create table blob_rows (id int primary key, t varchar(200))",
                "set session max_recursive_iterations = 1000000",
                "insert into blob_rows with recursive s(n) as (select 1 union all select n + 1 from s where n < 200000) "
                        + "select n, repeat(md5(n), 3) from s",
                "create table small (id int primary key, v varchar(10))", "insert into small values (1, 'a'), (2, 'b')");
        user = MysqlTestServer.newName("bt_pw");
        MysqlTestServer.executeOnServer("create user '" + user + "'@'%' identified by '" + SECRET.replace("'", "''").replace("\\", "\\\\") + "'",
                "grant all on `" + database + "`.* to '" + user + "'@'%'", "grant all on `bt\\_my\\_%`.* to '" + user + "'@'%'");
    }

    @AfterAll
    static void drop() {
        if (database != null) {
            MysqlTestServer.dropDatabase(database);
        }
        if (user != null) {
            MysqlTestServer.executeOnServer("drop user if exists '" + user + "'@'%'");
        }
    }

    @AfterEach
    void dropCreated() {
        created.forEach(MysqlTestServer::dropDatabase);
    }

    @Test
    void wrongPasswordIsReportedWithoutEchoingIt() {
        String wrong = "Wrong-Secret-4711";
        BackupSource source = source(url(database, user) + "&password=" + wrong, SourceSettings.none());

        assertThatThrownBy(source::preflight)
                .isInstanceOf(BackupConfigurationException.class)
                .hasMessageContaining("Cannot connect to mariadb://" + user + "@127.0.0.1:3306/" + database)
                .hasMessageContaining("Access denied")
                .hasMessageContaining("check the user and the password")
                .satisfies(e -> SecretScan.of(wrong).assertAbsentFrom(e));
        assertThatThrownBy(() -> backup(source)).isInstanceOf(BackupConfigurationException.class).hasMessageContaining("Access denied");
        assertNothingStored();
    }

    @Test
    void unreachableServerNamesHostPortAndDatabase() {
        BackupSource source = source("jdbc:mariadb://127.0.0.1:1/shop?user=app&password=" + SECRET, SourceSettings.none());

        assertThatThrownBy(() -> backup(source))
                .isInstanceOf(BackupConfigurationException.class)
                .hasMessageContaining("Cannot connect to mariadb://app@127.0.0.1:1/shop")
                .hasMessageContaining("did not answer")
                .hasMessageContaining("running")
                .satisfies(e -> SecretScan.of(SECRET).assertAbsentFrom(e));
        assertNothingStored();
    }

    @Test
    void missingDumpToolSaysHowToInstallIt() {
        BackupSource source = source(url(database), SourceSettings.none().withTools("/nonexistent/bin/mariadb-dump", null));

        assertThatThrownBy(source::preflight)
                .isInstanceOf(ToolNotUsableException.class)
                .hasMessageContaining("mariadb-dump was not found (tried '/nonexistent/bin/mariadb-dump')")
                .hasMessageContaining("apt-get install mariadb-client")
                .hasMessageContaining("the dump tool path");
        assertThatThrownBy(() -> backup(source)).isInstanceOf(ToolNotUsableException.class);
        assertNothingStored();
    }

    @Test
    void olderOrForeignDumpToolIsNamedWithTheFix() throws IOException {
        String older = script("old-dump", "[ \"$1\" = --version ] && echo 'mariadb-dump  Ver 10.19 Distrib 10.5.4-MariaDB, for Linux' && exit 0; "
                + "exec mariadb-dump \"$@\"");
        String mysqls = script("mysql-dump", "[ \"$1\" = --version ] && echo 'mysqldump  Ver 8.0.36 for Linux on x86_64 (MySQL Community Server - GPL)' "
                + "&& exit 0; exec mariadb-dump \"$@\"");

        assertThatThrownBy(source(url(database), SourceSettings.none().withTools(older, null))::preflight)
                .isInstanceOf(ToolNotUsableException.class)
                .hasMessageContaining("MariaDB 10.5")
                .hasMessageContaining("is older than the MariaDB 10.11 server of source 'main'")
                .hasMessageContaining("127.0.0.1:3306/" + database)
                .hasMessageContaining("Install the MariaDB client of the server's version");
        assertThatThrownBy(source(url(database), SourceSettings.none().withTools(mysqls, null))::preflight)
                .isInstanceOf(ToolNotUsableException.class)
                .hasMessageContaining("is MySQL 8.0's mysql-dump, but")
                .hasMessageContaining("MariaDB 10.11 server")
                .hasMessageContaining("set the dump tool path to its mariadb-dump");
    }

    @Test
    void dumpKilledMidStreamLeavesNothingListed() {
        BackupSource source = source(url(database), SourceSettings.none());
        AtomicInteger killed = new AtomicInteger();
        BackupProgressListener killer = (name, plain, stored) -> {
            if (killed.get() == 0) {
                tool("mariadb-dump").ifPresent(p -> {
                    killed.incrementAndGet();
                    kill(p); // SIGKILL, like the OOM killer: no chance to clean up
                });
            }
        };
        BackupEngine engine = new BackupEngine(repository(), BackupOptions.defaults().withPartSize(1024 * 1024));

        assertThatThrownBy(() -> engine.backup(List.of(source), Map.of(), killer))
                .isInstanceOf(DumpFailedException.class)
                .hasMessageContaining("mariadb-dump was killed by signal 9 (SIGKILL)")
                .hasMessageContaining("source 'main'")
                .hasMessageContaining("Nothing was stored");
        assertThat(killed.get()).as("a running mariadb-dump was killed").isEqualTo(1);
        assertNothingStored();
    }

    @Test
    void thePasswordIsInNoFileAndOnNoCommandLineWhileTheDumpRuns() throws Exception {
        BackupSource source = source(url(database, user), SourceSettings.none().withCredentials(null, SECRET));
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch scanned = new CountDownLatch(1);
        ByteArrayOutputStream dump = new ByteArrayOutputStream();
        ArchiveSink slowSink = new ArchiveSink() {
            @Override
            public OutputStream openEntry(String name) {
                return new OutputStream() {
                    @Override
                    public void write(int b) {
                        write(new byte[] {(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        writing.countDown();
                        await(scanned); // the tool blocks on its full pipe meanwhile, alive
                        dump.write(b, off, len);
                    }
                };
            }

            @Override
            public void addFile(String name, Path file) {
                throw new UnsupportedOperationException();
            }
        };
        CompletableFuture<SourceDetails> running = CompletableFuture.supplyAsync(() -> {
            try {
                return source.backup(slowSink);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            assertThat(writing.await(60, TimeUnit.SECONDS)).as("the dump started").isTrue();
            ProcessHandle tool = tool("mariadb-dump").orElseThrow(() -> new AssertionError("mariadb-dump is not running"));
            assertNotExposed(tool);
        } finally {
            scanned.countDown();
        }
        SourceDetails details = running.get(120, TimeUnit.SECONDS);
        assertThat(details.tables()).extracting(t -> t.name() + "=" + t.rows()).containsExactly("blob_rows=200000", "small=2");
        assertThat(dump.toString(StandardCharsets.UTF_8)).doesNotContain(SECRET);
        assertNoTempFolderOfThisProcessLeft();
    }

    @Test
    void thePasswordIsInNoFileAndOnNoCommandLineWhileTheRestoreRuns() throws Exception {
        Dump dump = smallDump();
        String copy = newName();
        MysqlRestoreTarget target = new MysqlRestoreTarget(MysqlConnectionInfo.fromJdbcUrl(url(copy, user), null, SECRET), null);
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch scanned = new CountDownLatch(1);
        InputStream entry = new PausingStream(dump.bytes(), dump.bytes().length / 2, () -> {
            reading.countDown();
            await(scanned);
        });
        RestoreOptions create = new RestoreOptions(true, false, 1, List.of(), true); // the user may not name root as definer
        target.check(dump.record(), create);
        CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
            try {
                target.restore(dump.record(), entry, create);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            assertThat(reading.await(60, TimeUnit.SECONDS)).as("the restore started").isTrue();
            ProcessHandle tool = tool("mariadb").orElseThrow(() -> new AssertionError("the mariadb client is not running"));
            assertNotExposed(tool);
            Path fifo = ourTempFolders().stream().map(folder -> folder.resolve("client.cnf")).filter(Files::exists).findFirst()
                    .orElseThrow(() -> new AssertionError("no option pipe in this process's temp folder"));
            assertThat(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS)).as("the option file is a pipe, not a file").isFalse();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fifo))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fifo.getParent()))).isEqualTo("rwx------");
        } finally {
            scanned.countDown();
        }
        running.get(120, TimeUnit.SECONDS);
        assertThat(MysqlTestServer.query(copy, "select count(*) from small")).containsExactly("2");
        assertNoTempFolderOfThisProcessLeft();
    }

    @Test
    void killedRestoreToolDropsTheDatabaseItCreatedAndSaysSo() throws IOException {
        Dump dump = smallDump();
        String copy = newName();
        MysqlRestoreTarget target = new MysqlRestoreTarget(MysqlTestServer.info(copy), null);
        AtomicInteger killed = new AtomicInteger();
        InputStream entry = new PausingStream(dump.bytes(), dump.bytes().length / 2, () -> tool("mariadb").ifPresent(p -> {
            killed.incrementAndGet();
            kill(p);
        }));

        assertThatThrownBy(() -> target.restore(dump.record(), entry, new RestoreOptions(true, false, 1, List.of(), false)))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("mariadb was killed by signal 9 (SIGKILL) while restoring source 'main' into mariadb://root@127.0.0.1:3306/" + copy)
                .hasMessageContaining("The database '" + copy + "' that this restore created was dropped again; nothing else changed.");
        assertThat(killed.get()).isEqualTo(1);
        assertThat(MysqlTestServer.databaseExists(copy)).isFalse();
        assertNoTempFolderOfThisProcessLeft();
    }

    @Test
    void failedLoadIntoAnEmptyDatabaseLeavesItEmptyAgain() throws IOException {
        Dump dump = smallDump();
        String empty = MysqlTestServer.createDatabase("bt_my_empty");
        created.add(empty);
        byte[] broken = (new String(dump.bytes(), StandardCharsets.UTF_8) + "\nINSERT INTO `no_such_table` VALUES (1);\n")
                .getBytes(StandardCharsets.UTF_8);
        MysqlRestoreTarget target = new MysqlRestoreTarget(MysqlTestServer.info(empty), null);

        assertThatThrownBy(() -> target.restore(dump.record(), new ByteArrayInputStream(broken), RestoreOptions.defaults()))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("mariadb exited with code 1")
                .hasMessageContaining("no_such_table")
                .hasMessageContaining("was empty before; what the restore had loaded was removed, so it is empty again");
        assertThat(MysqlTestServer.tables(empty)).isEmpty();
        assertThat(MysqlTestServer.query(null, "select default_collation_name from information_schema.schemata where schema_name = '"
                + empty + "'")).containsExactly("utf8mb4_unicode_ci");
    }

    @Test
    void aDamagedEntryStopsTheClientBeforeTheRestIsLoadedAndTheCreatedDatabaseIsDropped() throws IOException {
        Dump dump = smallDump();
        String copy = newName();
        InputStream damaged = new PausingStream(dump.bytes(), dump.bytes().length / 2, () -> {
            throw new IOException("checksum mismatch (simulated damage)");
        });
        MysqlRestoreTarget target = new MysqlRestoreTarget(MysqlTestServer.info(copy), null);

        assertThatThrownBy(() -> target.restore(dump.record(), damaged, new RestoreOptions(true, false, 1, List.of(), false)))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("checksum mismatch")
                .hasMessageContaining("the backup is damaged or unreadable")
                .hasMessageContaining("Restore another backup")
                .hasMessageContaining("that this restore created was dropped again");
        assertThat(MysqlTestServer.databaseExists(copy)).isFalse();
    }

    @Test
    void aDamagedBackupRestoredOverADatabaseLeavesItUntouched() throws IOException {
        Dump dump = smallDump();
        String busy = MysqlTestServer.createDatabase("bt_my_busy");
        created.add(busy);
        MysqlTestServer.execute(busy, "create table keep (id int)", "insert into keep values (7)");
        InputStream damaged = new PausingStream(dump.bytes(), dump.bytes().length - 100, () -> {
            throw new IOException("checksum mismatch (simulated damage)");
        });
        MysqlRestoreTarget target = new MysqlRestoreTarget(MysqlTestServer.info(busy), null);
        RestoreOptions clean = new RestoreOptions(false, true, 1, List.of(), false);
        target.check(dump.record(), clean);

        assertThatThrownBy(() -> target.restore(dump.record(), damaged, clean))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("checksum mismatch")
                .hasMessageContaining("the backup is damaged")
                .hasMessageContaining("The database '" + busy + "' was not changed");
        assertThat(MysqlTestServer.query(busy, "select id from keep")).containsExactly("7");
        assertThat(ourTempFolders().stream().filter(p -> p.getFileName().toString().startsWith("embeddedbackup-restore-")).toList())
                .as("the spool's folder is removed").isEmpty();

        target.restore(dump.record(), new ByteArrayInputStream(dump.bytes()), clean);

        assertThat(MysqlTestServer.tables(busy)).doesNotContain("keep").contains("small");
        assertThat(ourTempFolders().stream().filter(p -> p.getFileName().toString().startsWith("embeddedbackup-restore-")).toList())
                .as("the spool's folder is removed").isEmpty();
    }

    @Test
    void aUserWithDropButWithoutCreateIsRefusedBeforeCleanChangesAnything() throws IOException {
        Dump dump = smallDump();
        String busy = MysqlTestServer.createDatabase("bt_my_busy");
        created.add(busy);
        MysqlTestServer.execute(busy, "create table keep (id int)", "insert into keep values (7)");
        String dropper = MysqlTestServer.newName("bt_dr");
        MysqlTestServer.executeOnServer("create user '" + dropper + "'@'%'", "grant select, insert, update, delete, drop, alter, index, "
                + "create view, show view, trigger, event on `" + busy + "`.* to '" + dropper + "'@'%'");
        try {
            MysqlRestoreTarget target = new MysqlRestoreTarget(MysqlConnectionInfo.fromJdbcUrl(url(busy, dropper), null, null, null), null);
            RestoreOptions clean = new RestoreOptions(false, true, 1, List.of(), true);

            assertThatThrownBy(() -> target.check(dump.record(), clean))
                    .isInstanceOf(BackupConfigurationException.class)
                    .hasMessageContaining("lacks the CREATE privilege")
                    .hasMessageContaining("Nothing was changed")
                    .hasMessageContaining("GRANT CREATE, DROP ON `" + busy + "`.*");
            assertThatThrownBy(() -> target.restore(dump.record(), new ByteArrayInputStream(dump.bytes()), clean))
                    .isInstanceOf(BackupConfigurationException.class)
                    .hasMessageContaining("lacks the CREATE privilege");
            assertThat(MysqlTestServer.query(busy, "select id from keep")).containsExactly("7");
            assertThat(MysqlTestServer.tables(busy)).containsExactly("keep");
        } finally {
            MysqlTestServer.executeOnServer("drop user if exists '" + dropper + "'@'%'");
        }
    }

    @Test
    void aDumpUserWithoutTriggerIsRefusedInsteadOfStoringABackupWithoutTriggers() {
        String lacking = MysqlTestServer.newName("bt_nt");
        String wildcard = MysqlTestServer.newName("bt_wc");
        MysqlTestServer.executeOnServer("create user '" + lacking + "'@'%'", "grant select, show view, event on `" + database + "`.* to '"
                + lacking + "'@'%'", "create user '" + wildcard + "'@'%'", "grant select, show view, event, trigger on `bt\\_my\\_%`.* to '"
                + wildcard + "'@'%'");
        try {
            BackupSource source = source(url(database, lacking), SourceSettings.none());
            assertThatThrownBy(source::preflight)
                    .isInstanceOf(BackupConfigurationException.class)
                    .hasMessageContaining("lacks TRIGGER on database '" + database + "'")
                    .hasMessageContaining("leave out its triggers")
                    .hasMessageContaining("GRANT TRIGGER ON `" + database + "`.* TO '" + lacking + "'");
            assertThatThrownBy(() -> backup(source)).isInstanceOf(BackupConfigurationException.class).hasMessageContaining("lacks TRIGGER");
            assertNothingStored();

            source(url(database, wildcard), SourceSettings.none()).preflight(); // a wildcard grant on the database counts
        } finally {
            MysqlTestServer.executeOnServer("drop user if exists '" + lacking + "'@'%'", "drop user if exists '" + wildcard + "'@'%'");
        }
    }

    @Test
    void aRestoreToolThatStopsReadingButExitsZeroFailsTheRestore() throws IOException {
        Dump dump = smallDump();
        String copy = newName();
        String tool = script("mariadb", "if [ \"$1\" = --version ]; then exec mariadb --version; fi\nhead -c 1000 >/dev/null\nexit 0");
        MysqlRestoreTarget target = new MysqlRestoreTarget(MysqlTestServer.info(copy), tool);

        assertThatThrownBy(() -> target.restore(dump.record(), new ByteArrayInputStream(dump.bytes()),
                new RestoreOptions(true, false, 1, List.of(), false)))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("mariadb ('" + tool + "') exited with code 0 but stopped reading the dump after")
                .hasMessageContaining("The database '" + copy + "' that this restore created was dropped again");
        assertThat(MysqlTestServer.databaseExists(copy)).isFalse();
    }

    @Test
    void aRowLargerThanTheServersMaxAllowedPacketNamesTheSetting() {
        Dump dump = smallDump();
        long limit = maxAllowedPacket();
        byte[] bytes = withRowLargerThan(dump, limit);
        String copy = newName();
        MysqlRestoreTarget target = new MysqlRestoreTarget(MysqlTestServer.info(copy), null);

        assertThatThrownBy(() -> target.restore(dump.record(), new ByteArrayInputStream(bytes), new RestoreOptions(true, false, 1, List.of(), false)))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("max_allowed_packet of " + limit + " bytes")
                .hasMessageContaining("Raise max_allowed_packet on the target server")
                .hasMessageNotContaining("is running and reachable");
        assertThat(MysqlTestServer.databaseExists(copy)).isFalse();
    }

    @Test
    void cleanRefusesADumpWhoseRowTheServerCannotTakeBeforeDroppingAnything() {
        Dump dump = smallDump();
        long limit = maxAllowedPacket();
        byte[] bytes = withRowLargerThan(dump, limit);
        String held = MysqlTestServer.createDatabase("bt_my_held");
        try {
            MysqlTestServer.execute(held, "create table keep (id int primary key)", "insert into keep values (7)");
            Map<String, String> before = MysqlTestServer.dataFingerprint(held);
            MysqlRestoreTarget target = new MysqlRestoreTarget(MysqlTestServer.info(held), null);

            assertThatThrownBy(() -> target.restore(dump.record(), new ByteArrayInputStream(bytes), new RestoreOptions(false, true, 1,
                    List.of(), false)))
                    .isInstanceOf(BackupException.class)
                    .hasMessageContaining("larger than the server's max_allowed_packet of " + limit + " bytes")
                    .hasMessageContaining("The database '" + held + "' was not changed");
            assertThat(MysqlTestServer.dataFingerprint(held)).isEqualTo(before);
        } finally {
            MysqlTestServer.dropDatabase(held);
        }
    }

    @Test
    void selectOnSomeTablesOnlyIsRefusedInsteadOfStoringEmptyTables() {
        String partial = MysqlTestServer.newName("bt_ps");
        String table = MysqlTestServer.tables(database).get(0);
        MysqlTestServer.executeOnServer("create user '" + partial + "'@'%'", "grant show view, trigger, event on `" + database + "`.* to '"
                + partial + "'@'%'", "grant select on `" + database + "`.`" + table.replace("`", "``") + "` to '" + partial + "'@'%'");
        try {
            BackupSource source = source(url(database, partial), SourceSettings.none());
            assertThatThrownBy(source::preflight)
                    .isInstanceOf(BackupConfigurationException.class)
                    .hasMessageContaining("lacks SELECT on database '" + database + "'")
                    .hasMessageContaining("GRANT SELECT ON `" + database + "`.*");
            assertThatThrownBy(() -> backup(source)).isInstanceOf(BackupConfigurationException.class).hasMessageContaining("lacks SELECT");
            assertNothingStored();
        } finally {
            MysqlTestServer.executeOnServer("drop user if exists '" + partial + "'@'%'");
        }
    }

    @Test
    void aMisspeltClientOptionIsReportedByThePreflightAndTheRestoreCheck() {
        SourceSettings settings = SourceSettings.none().withExtra(Map.of("client-ssl-caa", "/etc/ca.pem"));
        BackupSource source = source(url(database), settings);

        assertThatThrownBy(source::preflight)
                .isInstanceOf(BackupConfigurationException.class)
                .hasMessageContaining("The setting 'client-ssl-caa' of source 'main'")
                .hasMessageContaining("is not an option that mariadb-dump");
        MysqlRestoreTarget target = new MysqlRestoreTarget(MysqlTestServer.info(newName()).withClientOptions(Map.of("client-ssl-caa", "x")), null);
        assertThatThrownBy(() -> target.check(smallDump().record(), new RestoreOptions(true, false, 1, List.of(), false)))
                .isInstanceOf(BackupConfigurationException.class)
                .hasMessageContaining("'client-ssl-caa'").hasMessageContaining("is not an option that mariadb ");

        source(url(database), SourceSettings.none().withExtra(Map.of("client-ssl-verify-server-cert", "0"))).preflight();
    }

    @Test
    void thePasswordCanComeFromMysqlPwd() {
        MysqlConnectionInfo info = MysqlConnectionInfo.fromJdbcUrl(url(database, user), null, null, SECRET);

        new MysqlDumpSource("main", info, null, false).preflight();
        assertThat(info.describe()).doesNotContain(SECRET);
    }

    @Test
    void aUserWhoMayNotNameOtherDefinersRestoresWithoutOwnership() throws IOException {
        Dump dump = smallDump();
        String copy = newName();
        MysqlRestoreTarget target = new MysqlRestoreTarget(MysqlConnectionInfo.fromJdbcUrl(url(copy, user), null, SECRET), null);
        RestoreOptions create = new RestoreOptions(true, false, 1, List.of(), false);

        assertThatThrownBy(() -> target.restore(dump.record(), new ByteArrayInputStream(dump.bytes()), create))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("SUPER")
                .hasMessageContaining("Restore without object ownership")
                .satisfies(e -> assertThat(((BackupException) e).remedies()).containsExactly(Remedy.NO_OWNER))
                .hasMessageContaining("that this restore created was dropped again")
                .satisfies(e -> SecretScan.of(SECRET).assertAbsentFrom(e));
        assertThat(MysqlTestServer.databaseExists(copy)).isFalse();

        target.restore(dump.record(), new ByteArrayInputStream(dump.bytes()), new RestoreOptions(true, false, 1, List.of(), true));

        assertThat(MysqlTestServer.query(null, "select definer from information_schema.views where table_schema = '" + copy + "' "
                + "union all select definer from information_schema.triggers where trigger_schema = '" + copy + "' "
                + "union all select definer from information_schema.routines where routine_schema = '" + copy + "'"))
                .containsOnly(user + "@%").hasSize(3);
        assertThat(MysqlTestServer.query(copy, "select count(*) from small")).containsExactly("2");
    }

    @Test
    void whatTheClientPrintsDoesNotStallTheRestore() {
        // Older mariadb-dump versions wrote SELECT SETVAL(…) per sequence, which prints a result; 1 MB is more than a pipe holds.
        Dump dump = smallDump();
        byte[] printing = (new String(dump.bytes(), StandardCharsets.UTF_8) + "\nSELECT REPEAT('x', 1000000) AS printed;\n")
                .getBytes(StandardCharsets.UTF_8);
        String copy = newName();
        MysqlRestoreTarget target = new MysqlRestoreTarget(MysqlTestServer.info(copy), null);

        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> target.restore(dump.record(), new ByteArrayInputStream(printing),
                new RestoreOptions(true, false, 1, List.of(), false)));

        assertThat(MysqlTestServer.query(copy, "select count(*) from small")).containsExactly("2");
    }

    @Test
    void missingRestoreToolIsNamedBeforeAnythingChanges() {
        Dump dump = smallDump();
        String copy = newName();
        MysqlRestoreTarget target = new MysqlRestoreTarget(MysqlTestServer.info(copy), "/nonexistent/mariadb");

        assertThatThrownBy(() -> target.check(dump.record(), new RestoreOptions(true, false, 1, List.of(), false)))
                .isInstanceOf(ToolNotUsableException.class)
                .hasMessageContaining("mariadb was not found (tried '/nonexistent/mariadb')")
                .hasMessageContaining("the restore tool path");
        assertThat(MysqlTestServer.databaseExists(copy)).isFalse();
    }

    @Test
    void parallelJobsAreRefused() {
        Dump dump = smallDump();
        MysqlRestoreTarget target = new MysqlRestoreTarget(MysqlTestServer.info(newName()), null);

        assertThatThrownBy(() -> target.check(dump.record(), new RestoreOptions(true, false, 4, List.of(), false)))
                .isInstanceOf(BackupConfigurationException.class)
                .hasMessageContaining("4 parallel jobs").hasMessageContaining("Restore with one job");
    }

    /** The dump of {@code small}, taken by the real source, with the record a manifest would hold. */
    record Dump(byte[] bytes, SourceRecord record) {}

    private Dump smallDump() {
        String small = MysqlTestServer.createDatabase("bt_my_small");
        created.add(small);
        MysqlTestServer.execute(small, "create table small (id int primary key, v varchar(10))", "insert into small values (1, 'a'), (2, 'b')",
                "create table padding (id int primary key, t text)", "set session max_recursive_iterations = 1000000",
                "insert into padding with recursive s(n) as (select 1 union all select n + 1 from s where n < 20000) select n, repeat(md5(n), 4) from s",
                "create view small_view as select id, v from small",
                "create trigger small_upper before insert on small for each row set new.v = upper(new.v)",
                "create procedure small_count() select count(*) from small");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SourceDetails details;
        try {
            details = source(url(small), SourceSettings.none()).backup(new ArchiveSink() {
                @Override
                public OutputStream openEntry(String name) {
                    return out;
                }

                @Override
                public void addFile(String name, Path file) {
                    throw new UnsupportedOperationException();
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new Dump(out.toByteArray(), new SourceRecord("main", "mysql", List.of("main/database.sql"), details.properties(), details.tables()));
    }

    /** Serves {@code bytes}, running {@code action} once when {@code pauseAt} bytes have been read. */
    static final class PausingStream extends FilterInputStream {
        interface Action {
            void run() throws IOException;
        }

        private final int pauseAt;
        private final Action action;
        private int position;
        private boolean done;

        PausingStream(byte[] bytes, int pauseAt, Action action) {
            super(new ByteArrayInputStream(bytes));
            this.pauseAt = pauseAt;
            this.action = action;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (!done && position >= pauseAt) {
                done = true;
                action.run();
            }
            int n = super.read(b, off, done ? len : Math.min(len, pauseAt - position));
            position += Math.max(n, 0);
            return n;
        }
    }

    private static void assertNotExposed(ProcessHandle tool) throws IOException {
        SecretScan scan = SecretScan.of(SECRET);
        String cmdline = Files.readString(Path.of("/proc/" + tool.pid() + "/cmdline"), StandardCharsets.ISO_8859_1);
        assertThat(cmdline).as("the tool's command line").contains("--defaults-file=");
        scan.assertAbsentFrom("/proc/" + tool.pid() + "/cmdline", cmdline, new String(Files.readAllBytes(Path.of("/proc/" + tool.pid() + "/cmdline")), StandardCharsets.UTF_8));
        scan.assertAbsentFrom("/proc/" + tool.pid() + "/environ", new String(Files.readAllBytes(Path.of("/proc/" + tool.pid() + "/environ")), StandardCharsets.UTF_8));
        for (Path folder : ourTempFolders()) {
            Leftovers.assertNoFileContains(folder, scan);
        }
    }

    /** This process's {@code embeddedbackup-*} folders in the temp folder. */
    private static List<Path> ourTempFolders() throws IOException {
        String mine = "-" + ProcessHandle.current().pid() + "-";
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(p -> p.getFileName().toString().startsWith("embeddedbackup-") && p.getFileName().toString().contains(mine)).toList();
        }
    }

    private static void assertNoTempFolderOfThisProcessLeft() throws IOException {
        assertThat(ourTempFolders().stream().filter(p -> p.getFileName().toString().startsWith("embeddedbackup-mysql-")).toList())
                .as("the option pipe's folder is removed").isEmpty();
    }

    private static Optional<ProcessHandle> tool(String name) {
        return ProcessHandle.current().descendants().filter(p -> p.info().command().orElse("").endsWith("/" + name)).findFirst();
    }

    private static void kill(ProcessHandle process) {
        try {
            new ProcessBuilder("kill", "-9", Long.toString(process.pid())).start().waitFor();
            process.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test did not release the stream within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static BackupSource source(String url, SourceSettings settings) {
        SourceProvider provider = SourceProviders.installed().forUri(url);
        return provider.source("main", url, settings);
    }

    private static long maxAllowedPacket() {
        return Long.parseLong(MysqlTestServer.query(null, "select @@global.max_allowed_packet").get(0));
    }

    /** The dump with one more table whose only row is a statement longer than {@code limit}. */
    private static byte[] withRowLargerThan(Dump dump, long limit) {
        byte[] tail = ("\nCREATE TABLE `big` (t longtext);\nINSERT INTO `big` VALUES ('" + "x".repeat((int) limit + 1000) + "');\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[dump.bytes().length + tail.length];
        System.arraycopy(dump.bytes(), 0, bytes, 0, dump.bytes().length);
        System.arraycopy(tail, 0, bytes, dump.bytes().length, tail.length);
        return bytes;
    }

    private static String url(String db) {
        return MysqlTestServer.jdbcUrl(db);
    }

    private static String url(String db, String login) {
        return "jdbc:mariadb://127.0.0.1:3306/" + db + "?user=" + login;
    }

    private void backup(BackupSource source) {
        new BackupEngine(repository(), BackupOptions.defaults()).backup(List.of(source), Map.of(), BackupProgressListener.NONE);
    }

    private BackupRepository repository() {
        return new BackupRepository(new FilesystemBackupStorage(storageDir));
    }

    private void assertNothingStored() {
        assertThat(repository().list().backups()).as("no backup is listed").isEmpty();
        try (Stream<Path> files = Files.walk(storageDir)) {
            assertThat(files.filter(Files::isRegularFile)).as("no file is left in the storage, not even a partial one").isEmpty();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String script(String name, String body) throws IOException {
        Path file = scripts.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file.toString();
    }

    private String newName() {
        String name = MysqlTestServer.newName("bt_my_copy");
        created.add(name);
        return name;
    }
}
