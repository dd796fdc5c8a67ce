package io.github.embeddedbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.embeddedbackup.core.testing.PgTestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The CLI stopped mid-command as an operator or a supervisor does: Ctrl-C (SIGINT), SIGTERM and
 * SIGKILL, while {@code pg_dump} or {@code pg_restore} runs. Nothing may be left that a user would
 * have to find: no password in the temporary folder, no partial file, no spooled dump, no running
 * tool, no half-restored database — and what a SIGKILL must leave, the next run removes.
 */
@Tag("fault-matrix")
class CliTerminationFaultsIT {

    static final String PASSWORD_ROLE = "backup_pw_test";
    static final String ROLE_PASSWORD = "pw:with\\special@chars"; // set by .ci/prepare-postgres
    /** How libpq's password file wrote it, which older versions left in the temporary folder. */
    static final String ROLE_PASSWORD_IN_PGPASS = ROLE_PASSWORD.replace("\\", "\\\\").replace(":", "\\:");

    static String held;
    static String slow;
    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    final List<String> created = new ArrayList<>();
    final List<ProcessHandle> tools = new ArrayList<>();
    Connection lockHolder;

    @BeforeAll
    static void databases() throws Exception {
        assertThat(CliProcess.JAR).as("mvn package builds the runnable jar").exists();
        PgTestServer.require();
        held = PgTestServer.createDatabase("bt_sig_held");
        PgTestServer.execute(held, "create table held (id int primary key, body text); "
                + "insert into held select g, md5(g::text) from generate_series(1, 1000) g");
        // Every row restored costs 10 ms (2000 rows: 20 s), so a restore is reliably caught while pg_restore runs.
        slow = PgTestServer.createDatabase("bt_sig_slow");
        PgTestServer.execute(slow, "create function slow_ok(v int) returns boolean language plpgsql as $$ begin "
                + "if coalesce(current_setting('bt.fast', true), '') <> 'on' then perform pg_sleep(0.01); end if; return true; end $$; "
                + "create table slow (id int check (public.slow_ok(id))); "
                + "set bt.fast = on; insert into slow select g from generate_series(1, 2000) g");
        CliProcess backup = CliProcess.run(shared, shared.resolve("tmp"), "backup", "--storage", "file:" + shared.resolve("slow-backups"),
                "--source", PgTestServer.jdbcUrl(slow));
        assertThat(backup.process.exitValue()).as(backup.stderr()).isZero();
    }

    @AfterAll
    static void dropDatabases() {
        for (String name : new String[] {held, slow}) {
            if (name != null) {
                PgTestServer.dropDatabase(name);
            }
        }
    }

    @AfterEach
    void cleanUp() throws SQLException {
        if (lockHolder != null) {
            lockHolder.close();
        }
        tools.forEach(ProcessHandle::destroyForcibly); // tools a SIGKILLed CLI left running
        created.forEach(PgTestServer::dropDatabase);
    }

    @Test
    void sigkillWhilePgDumpRunsLeavesNoPasswordInTheTempFolderNorOnACommandLine() throws Exception {
        String database = passwordRoleDatabase();
        holdLock(database, "owned");
        Path tmp = dir.resolve("tmp");
        String url = PgTestServer.jdbcUrl(database, PASSWORD_ROLE);
        CliProcess cli = CliProcess.start(dir, tmp, Map.of("PGPASSWORD", ROLE_PASSWORD), "backup", "--storage",
                "file:" + dir.resolve("backups"), "--source", url);

        ProcessHandle pgDump = cli.awaitTool("pg_dump", Duration.ofSeconds(60));
        tools.add(pgDump);
        assertThat(Files.readString(Path.of("/proc", String.valueOf(pgDump.pid()), "cmdline")).replace('\0', ' '))
                .as("pg_dump's command line, which every user can read").contains("--snapshot")
                .doesNotContain(ROLE_PASSWORD).doesNotContain("special@chars");
        cli.signal("KILL");

        assertThat(cli.awaitExit(Duration.ofSeconds(30))).isEqualTo(137);
        assertNoFileContainsThePassword(tmp);
    }

    @Test
    void theFirstStartRemovesPasswordFilesOfOlderVersions() throws Exception {
        Path tmp = dir.resolve("tmp");
        Files.createDirectories(tmp);
        Path old = Files.writeString(tmp.resolve("embeddedbackup-4711.pgpass"), "*:*:*:*:" + ROLE_PASSWORD_IN_PGPASS + "\n");

        Files.createDirectories(dir.resolve("backups")); // list refuses a folder that does not exist
        CliProcess list = CliProcess.run(dir, tmp, "list", "--storage", "file:" + dir.resolve("backups"));

        assertThat(list.process.exitValue()).as(list.stderr()).isZero();
        assertThat(old).as("a password file an older version left when it was killed").doesNotExist();
        assertNoFileContainsThePassword(tmp);
    }

    @ParameterizedTest(name = "SIG{0} while pg_dump runs")
    @CsvSource({"INT, 130", "TERM, 143"})
    void aSignalWhilePgDumpRunsStoresNothingAndSaysSoInOneLine(String signal, int exitCode) throws Exception {
        holdLock(held, "held");
        Path tmp = dir.resolve("tmp");
        Path storage = dir.resolve("backups");
        CliProcess cli = CliProcess.start(dir, tmp, Map.of(), "backup", "--storage", "file:" + storage, "--source",
                PgTestServer.jdbcUrl(held));
        ProcessHandle pgDump = cli.awaitTool("pg_dump", Duration.ofSeconds(60));
        tools.add(pgDump);
        assertThat(filesBelow(storage)).as("the partial archive being written").isNotEmpty();

        cli.signal(signal);

        assertThat(cli.awaitExit(Duration.ofSeconds(45))).as(cli.stderr()).isEqualTo(exitCode);
        assertThat(cli.stderr().lines().filter(line -> !line.startsWith("Backing up"))).containsExactly("interrupted; nothing was stored");
        assertThat(cli.stdout()).isEmpty();
        assertThat(filesBelow(storage)).as("no partial file in the storage folder").isEmpty();
        assertStopped(pgDump);
        assertThat(ours(tmp)).as("nothing of ours in the temporary folder").isEmpty();
    }

    @ParameterizedTest(name = "SIG{0} while pg_restore --jobs {1} runs")
    @CsvSource({"INT, 1, 130", "TERM, 2, 143", "INT, 2, 130"})
    void aSignalWhilePgRestoreRunsStopsItDropsTheCreatedDatabaseAndRemovesTheSpool(String signal, int jobs, int exitCode)
            throws Exception {
        String target = "bt_sig_restored_" + Long.toHexString(System.nanoTime());
        created.add(target);
        Path tmp = dir.resolve("tmp");
        CliProcess cli = CliProcess.start(dir, tmp, Map.of(), "restore", "latest", "--storage", "file:" + shared.resolve("slow-backups"),
                "--target", PgTestServer.jdbcUrl(target), "--create", "--jobs", String.valueOf(jobs));
        ProcessHandle pgRestore = cli.awaitTool("pg_restore", Duration.ofSeconds(60));
        List<ProcessHandle> restoreTools = new ArrayList<>(List.of(pgRestore));
        CliProcess.awaitCondition(() -> rowsLoading(target), Duration.ofSeconds(30), "pg_restore to load rows");
        restoreTools.addAll(pgRestore.descendants().toList());
        tools.addAll(restoreTools);
        if (jobs > 1) {
            assertThat(ours(tmp)).as("the spooled dump pg_restore --jobs reads").isNotEmpty();
        }

        cli.signal(signal);

        assertThat(cli.awaitExit(Duration.ofSeconds(45))).as(cli.stderr()).isEqualTo(exitCode);
        assertThat(cli.stderr().lines()).containsExactly("interrupted; the database '" + target
                + "' that this restore created was dropped again; nothing else changed");
        assertThat(PgTestServer.databaseExists(target)).as("the database the restore created").isFalse();
        restoreTools.forEach(CliTerminationFaultsIT::assertStopped);
        assertThat(ours(tmp)).as("no spooled dump in the temporary folder").isEmpty();
    }

    @Test
    void afterSigkillCleanupReportsAndRemovesThePartialFileAndTheNextStartTheSpool() throws Exception {
        // A backup killed while pg_dump runs leaves its partial file: cleanup names it, and removes it with --now.
        holdLock(held, "held");
        Path tmp = dir.resolve("tmp");
        Path storage = dir.resolve("backups");
        CliProcess backup = CliProcess.start(dir, tmp, Map.of(), "backup", "--storage", "file:" + storage, "--source",
                PgTestServer.jdbcUrl(held));
        tools.add(backup.awaitTool("pg_dump", Duration.ofSeconds(60)));
        backup.signal("KILL");
        assertThat(backup.awaitExit(Duration.ofSeconds(30))).isEqualTo(137);
        List<Path> partial = filesBelow(storage);
        assertThat(partial).hasSize(1);

        CliProcess keep = CliProcess.run(dir, tmp, "cleanup", "--storage", "file:" + storage);
        assertThat(keep.process.exitValue()).as(keep.stderr()).isZero();
        assertThat(keep.stdout()).contains("kept partial file archives/" + partial.get(0).getFileName());
        assertThat(keep.stderr()).contains("1 partial file(s) kept: remove them with --now");
        assertThat(partial.get(0)).exists();

        CliProcess now = CliProcess.run(dir, tmp, "cleanup", "--storage", "file:" + storage, "--now");
        assertThat(now.process.exitValue()).as(now.stderr()).isZero();
        assertThat(now.stdout()).contains("removed partial file archives/" + partial.get(0).getFileName());
        assertThat(filesBelow(storage)).isEmpty();

        // A restore killed while pg_restore --jobs runs leaves its spooled dump: the next start removes it.
        String target = "bt_sig_killed_" + Long.toHexString(System.nanoTime());
        created.add(target);
        CliProcess restore = CliProcess.start(dir, tmp, Map.of(), "restore", "latest", "--storage", "file:" + shared.resolve("slow-backups"),
                "--target", PgTestServer.jdbcUrl(target), "--create", "--jobs", "2");
        ProcessHandle pgRestore = restore.awaitTool("pg_restore", Duration.ofSeconds(60));
        tools.add(pgRestore);
        CliProcess.awaitCondition(() -> rowsLoading(target), Duration.ofSeconds(30), "pg_restore to load rows");
        tools.addAll(pgRestore.descendants().toList());
        restore.signal("KILL");
        assertThat(restore.awaitExit(Duration.ofSeconds(30))).isEqualTo(137);
        assertThat(ours(tmp)).as("the spooled dump a SIGKILL leaves").isNotEmpty();
        tools.forEach(ProcessHandle::destroyForcibly);

        CliProcess next = CliProcess.run(dir, tmp, "list", "--storage", "file:" + storage);
        assertThat(next.process.exitValue()).as(next.stderr()).isZero();
        assertThat(ours(tmp)).as("the next start removed the spool of the killed run").isEmpty();
    }

    /** A database owned by the role that must give a password; fails when the server does not ask for it. */
    private String passwordRoleDatabase() {
        boolean enforced;
        try (Connection ignored = io.github.embeddedbackup.core.source.postgres.PgConnectionInfo
                .fromJdbcUrl(PgTestServer.jdbcUrl("postgres", PASSWORD_ROLE) + "&password=not-it").connect()) {
            enforced = false;
        } catch (RuntimeException e) {
            enforced = e.getMessage().contains("Authentication failed");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        if (!enforced) {
            fail("Role " + PASSWORD_ROLE + " must log in with a password for this test; run .ci/prepare-postgres first.");
        }
        String name = PgTestServer.createDatabase("bt_sig_pw");
        created.add(name);
        PgTestServer.execute("postgres", "alter database " + name + " owner to " + PASSWORD_ROLE);
        PgTestServer.execute(name, "create table owned (id int); insert into owned values (1), (2); alter table owned owner to "
                + PASSWORD_ROLE);
        return name;
    }

    /** Holds an exclusive lock on {@code table}: pg_dump then waits, mid-dump, until the test ends. */
    private void holdLock(String database, String table) throws SQLException {
        lockHolder = PgTestServer.info(database).connect();
        lockHolder.setAutoCommit(false);
        try (Statement statement = lockHolder.createStatement()) {
            statement.execute("lock table " + table + " in access exclusive mode");
        }
    }

    /** Whether pg_restore is copying rows into {@code database} (its COPY runs). */
    private static boolean rowsLoading(String database) {
        return !PgTestServer.query("postgres", "select 1 from pg_stat_activity where datname = '" + database
                + "' and query ilike 'copy %'").isEmpty();
    }

    private static void assertNoFileContainsThePassword(Path tmp) throws IOException {
        for (Path file : filesBelow(tmp)) {
            String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            assertThat(content).as("%s in the temporary folder", file).doesNotContain(ROLE_PASSWORD)
                    .doesNotContain(ROLE_PASSWORD_IN_PGPASS).doesNotContain("special@chars");
        }
    }

    /** Stopped, or a zombie waiting for a parent that is gone. */
    private static void assertStopped(ProcessHandle tool) {
        try {
            CliProcess.awaitCondition(() -> !tool.isAlive() || zombie(tool), Duration.ofSeconds(5), "the tool to stop");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertThat(!tool.isAlive() || zombie(tool)).as("%s (pid %d) still runs", tool.info().command().orElse("tool"), tool.pid()).isTrue();
    }

    private static boolean zombie(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return true; // gone
        }
    }

    /** What this library put into the temporary folder (other libraries unpack native code there). */
    private static List<Path> ours(Path tmp) throws IOException {
        return filesBelow(tmp).stream().filter(path -> tmp.relativize(path).toString().startsWith("embeddedbackup-")).toList();
    }

    private static List<Path> filesBelow(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
