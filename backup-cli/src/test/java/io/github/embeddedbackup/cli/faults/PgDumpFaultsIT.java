package io.github.embeddedbackup.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.testing.PgTestServer;
import io.github.embeddedbackup.core.testing.faults.ChildJvm;
import io.github.embeddedbackup.core.testing.faults.Leftovers;
import io.github.embeddedbackup.core.testing.faults.SecretScan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault matrix, PostgreSQL through the CLI (real server, real {@code pg_dump}, one JVM per command): the
 * dump killed mid-stream, the tool missing, a wrong password. For each: the exit code, a message saying what
 * failed and what to do, no new backup listed and no file left in the storage, the earlier backup still
 * sound, and the password in no output (with {@code --verbose}: logs and stack traces), no temp file, no
 * stored file.
 */
@Tag("fault-matrix")
class PgDumpFaultsIT {

    static String database;

    @TempDir
    Path dir;

    Cli cli;
    String earlier;
    Leftovers storageBefore;

    @BeforeAll
    static void seed() {
        PgTestServer.require();
        database = PgTestServer.createDatabase("bt_fm_dump");
        // About 40 MB of dump, so pg_dump is still writing when it is killed.
        PgTestServer.execute(database, "create table blob as select g as id, md5(g::text) || md5((g + 1)::text) as t "
                + "from generate_series(1, 600000) g");
    }

    @AfterAll
    static void drop() {
        if (database != null) {
            PgTestServer.dropDatabase(database);
        }
    }

    @BeforeEach
    void earlierGoodBackup() {
        cli = new Cli(dir);
        Path app = dir.resolve("app.db");
        Cli.createSqlite(app, 1000);
        earlier = cli.backup("--source", "jdbc:sqlite:" + app);
        storageBefore = Leftovers.snapshot(cli.backups);
    }

    @Test
    void pgDumpKilledMidStream() throws Exception {
        String password = PgRoles.uniqueSecret("Killed-Dump-Pw");
        String role = PgRoles.createReader(database, password);
        try {
            ChildJvm.Running backup = cli.start("--verbose", "backup", "--storage", cli.storage, "--source",
                    PgRoles.urlWithPassword(database, role, password), "--compression", "gzip", "--level", "9", "--threads", "0");
            assertThat(awaitPartialArchive()).as("the dump streams into a partial archive; stderr: %s", backup.stderrSoFar()).isTrue();
            // The dump itself, not the 'pg_dump --version' check before it.
            Optional<ProcessHandle> pgDump = backup.awaitDescendant(p -> p.info().command().orElse("").endsWith("pg_dump")
                    && !List.of(p.info().arguments().orElse(new String[0])).contains("--version"), Duration.ofSeconds(5));
            assertThat(pgDump).as("pg_dump is still running when it is killed").isPresent();
            pgDump.get().destroyForcibly(); // SIGKILL, like the OOM killer: no chance to clean up
            ChildJvm.Result result = cli.remember(backup.await());

            assertThat(result.exit()).as(result.toString()).isEqualTo(1);
            assertThat(result.stderr()).contains("pg_dump was killed by signal 9 (SIGKILL)").contains("source '" + database + "'")
                    .contains("Nothing was stored");
            assertNoNewBackup();
            cli.assertNoSecretAnywhere(SecretScan.of(password));
        } finally {
            PgRoles.dropRole(database, role);
        }
    }

    @Test
    void pgDumpMissing() {
        ChildJvm.Result result = cli.run("backup", "--storage", cli.storage, "--source", PgTestServer.jdbcUrl(database),
                "--pg-dump-path", dir.resolve("no/such/pg_dump").toString());

        assertThat(result.exit()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr()).contains("pg_dump was not found").contains(dir.resolve("no/such/pg_dump").toString())
                .contains("postgresql-client").doesNotContain("\tat ");
        assertNoNewBackup();
    }

    @Test
    void wrongPassword() {
        PgRoles.requirePasswordChecked();
        String wrong = PgRoles.uniqueSecret("Wrong-Pw");
        ChildJvm.Result inUrl = cli.run("--verbose", "backup", "--storage", cli.storage, "--source",
                PgRoles.urlWithPassword(database, PgRoles.PASSWORD_ROLE, wrong));
        ChildJvm.Result inEnvironment = cli.env(Map.of("PGPASSWORD", wrong)).run("backup", "--storage", cli.storage, "--source",
                PgTestServer.jdbcUrl(database, PgRoles.PASSWORD_ROLE));

        for (ChildJvm.Result result : List.of(inUrl, inEnvironment)) {
            assertThat(result.exit()).as(result.toString()).isEqualTo(2);
            assertThat(result.stderr()).contains("Authentication failed for user '" + PgRoles.PASSWORD_ROLE + "'")
                    .contains("password");
        }
        assertThat(inEnvironment.stderr()).doesNotContain("\tat ");
        assertNoNewBackup();
        cli.assertNoSecretAnywhere(SecretScan.of(wrong));
    }

    /** Waits until the archive being written holds some data: the kill lands mid-stream, not before it starts. */
    private boolean awaitPartialArchive() throws InterruptedException {
        for (int i = 0; i < 1000; i++) {
            for (Path file : Leftovers.files(cli.backups)) {
                if (file.getFileName().toString().endsWith(".partial") && file.toFile().length() > 256 * 1024) {
                    return true;
                }
            }
            Thread.sleep(10);
        }
        return false;
    }

    /** Nothing partial is listed or left in the storage, the earlier backup is sound, the temp folder is clean. */
    private void assertNoNewBackup() {
        assertThat(cli.listedIds()).containsExactly(earlier);
        storageBefore.assertNothingNew();
        cli.assertSound(earlier);
        cli.assertTempFolderClean();
    }
}
