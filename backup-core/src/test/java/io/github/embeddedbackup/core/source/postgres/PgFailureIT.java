package io.github.embeddedbackup.core.source.postgres;

import io.github.embeddedbackup.core.Remedy;
import io.github.embeddedbackup.core.BackupException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.BackupEngine;
import io.github.embeddedbackup.core.BackupOptions;
import io.github.embeddedbackup.core.BackupProgressListener;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.source.BackupSource;
import io.github.embeddedbackup.core.source.DumpFailedException;
import io.github.embeddedbackup.core.storage.FilesystemBackupStorage;
import io.github.embeddedbackup.core.testing.PgTestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a PostgreSQL backup can fail gives a clear error and leaves no backup behind. */
class PgFailureIT {

    /** Set up by .ci/prepare-postgres: this role must log in with this password. */
    static final String PASSWORD_ROLE = "backup_pw_test";
    static final String ROLE_PASSWORD = "pw:with\\special@chars";

    static String database;

    @TempDir
    Path storageDir;

    @TempDir
    Path scripts;

    @BeforeAll
    static void seed() {
        PgTestServer.require();
        database = PgTestServer.createDatabase("bt_failure");
        // About 20 MB of dump, so pg_dump is still writing when it is killed.
        PgTestServer.execute(database, "create table blob as select g as id, md5(g::text) || md5((g + 1)::text) as t "
                + "from generate_series(1, 300000) g");
    }

    @AfterAll
    static void drop() {
        if (database != null) {
            PgTestServer.dropDatabase(database);
        }
    }

    @Test
    void missingPgDumpSaysHowToInstallIt() {
        BackupSource source = new PgDumpSource("main", PgTestServer.info(database), "/nonexistent/bin/pg_dump", true);

        assertThatThrownBy(() -> backup(source))
                .isInstanceOf(BackupConfigurationException.class)
                .hasMessageContaining("pg_dump was not found")
                .hasMessageContaining("/nonexistent/bin/pg_dump")
                .hasMessageContaining("postgresql-client");
        assertNothingStored();
    }

    @Test
    void pgDumpOlderThanTheServerIsRefusedBeforeDumping() throws IOException {
        String fake = script("old_pg_dump", "echo 'pg_dump (PostgreSQL) 9.6.24'; [ \"$1\" = --version ] || touch " + scripts.resolve("ran"));
        BackupSource source = new PgDumpSource("main", PgTestServer.info(database), fake, true);
        String serverMajor = PgTestServer.query(database, "select current_setting('server_version_num')::int / 10000").get(0);

        assertThatThrownBy(() -> backup(source))
                .isInstanceOf(BackupConfigurationException.class)
                .hasMessageContaining("pg_dump 9.6")
                .hasMessageContaining("older than the PostgreSQL " + serverMajor + " server")
                .hasMessageContaining("postgresql-client-" + serverMajor)
                .hasMessageContaining("the pg_dump path")
                .hasMessageNotContaining("--")
                .satisfies(e -> assertThat(((BackupException) e).remedies()).containsExactly(Remedy.DUMP_TOOL));
        assertThat(scripts.resolve("ran")).as("pg_dump never ran a dump").doesNotExist();
        assertNothingStored();
    }

    @Test
    void pgDumpFailingPutsItsStderrInTheError() throws IOException {
        String wrapper = script("failing_pg_dump", "[ \"$1\" = --version ] && exec pg_dump --version; exec pg_dump \"$@\" --table=no_such_table_xyz");
        BackupSource source = new PgDumpSource("main", PgTestServer.info(database), wrapper, true);

        assertThatThrownBy(() -> backup(source))
                .isInstanceOfSatisfying(DumpFailedException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(1);
                    assertThat(e.stderrTail()).contains("no matching tables");
                })
                .hasMessageContaining("pg_dump exited with code 1 for source 'main'")
                .hasMessageContaining("no matching tables")
                .hasMessageContaining("Nothing was stored");
        assertNothingStored();
    }

    @Test
    void pgDumpWritingNothingFailsTheBackup() throws IOException {
        String wrapper = script("silent_pg_dump", "[ \"$1\" = --version ] && exec pg_dump --version; exit 0");
        BackupSource source = new PgDumpSource("main", PgTestServer.info(database), wrapper, true);

        assertThatThrownBy(() -> backup(source)).isInstanceOf(DumpFailedException.class).hasMessageContaining("wrote no data");
        assertNothingStored();
    }

    @Test
    void pgDumpKilledMidStreamLeavesNoBackup() {
        BackupSource source = new PgDumpSource("main", PgTestServer.info(database));
        AtomicInteger killed = new AtomicInteger();
        BackupProgressListener killer = (name, plain, stored) -> {
            if (killed.get() == 0) {
                ProcessHandle.current().descendants()
                        .filter(p -> p.info().command().orElse("").endsWith("pg_dump"))
                        .forEach(p -> {
                            killed.incrementAndGet();
                            // SIGKILL, like the OOM killer: no chance to clean up.
                            try {
                                new ProcessBuilder("kill", "-9", Long.toString(p.pid())).start().waitFor();
                            } catch (IOException | InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                        });
            }
        };
        BackupRepository repository = repository();
        BackupEngine engine = new BackupEngine(repository, BackupOptions.defaults().withPartSize(1024 * 1024));

        assertThatThrownBy(() -> engine.backup(List.of(source), Map.of(), killer))
                .isInstanceOf(DumpFailedException.class)
                .hasMessageContaining("pg_dump was killed by signal 9 (SIGKILL)")
                .hasMessageContaining("source 'main'");
        assertThat(killed.get()).as("a running pg_dump was killed").isEqualTo(1);
        assertNothingStored();
    }

    @Test
    void unreachableServerNamesTheServer() {
        PgConnectionInfo nowhere = PgConnectionInfo.fromJdbcUrl("jdbc:postgresql://127.0.0.1:1/shop?user=app");
        BackupSource source = new PgDumpSource("main", nowhere);

        assertThatThrownBy(() -> backup(source))
                .isInstanceOf(BackupConfigurationException.class)
                .hasMessageContaining("Cannot connect to postgresql://app@127.0.0.1:1/shop")
                .hasMessageContaining("Check that PostgreSQL is running");
        assertNothingStored();
    }

    @Test
    void wrongPasswordIsReportedWithoutEchoingIt() {
        String owned = requirePasswordRole();
        String url = PgTestServer.jdbcUrl(owned, PASSWORD_ROLE) + "&password=Wrong-Secret-4711";
        BackupSource source = new PgDumpSource("main", PgConnectionInfo.fromJdbcUrl(url));

        assertThatThrownBy(() -> backup(source))
                .isInstanceOf(BackupConfigurationException.class)
                .hasMessageContaining("Authentication failed for user '" + PASSWORD_ROLE + "'")
                .hasMessageNotContaining("Wrong-Secret-4711");
        assertNothingStored();
    }

    @Test
    void rightPasswordReachesPgDumpThroughItsEnvironmentOnly() {
        String owned = requirePasswordRole();
        String url = PgTestServer.jdbcUrl(owned, PASSWORD_ROLE) + "&password=" + java.net.URLEncoder.encode(ROLE_PASSWORD,
                java.nio.charset.StandardCharsets.UTF_8);
        BackupSource source = new PgDumpSource("main", PgConnectionInfo.fromJdbcUrl(url));

        Manifest manifest = backup(source);

        assertThat(manifest.sources().get(0).tables()).extracting(t -> t.name() + "=" + t.rows()).containsExactly("\"public\".\"owned\"=3");
        try (Stream<Path> temp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(temp.map(Path::toString)).as("no password file is written").noneMatch(name -> name.endsWith(".pgpass"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A database owned by the password role; skips (or under CI fails) when the server does not check its password. */
    private String requirePasswordRole() {
        boolean roleExists = !PgTestServer.query("postgres", "select 1 from pg_roles where rolname = '" + PASSWORD_ROLE + "'").isEmpty();
        boolean enforced = false;
        if (roleExists) {
            try (Connection ignored = PgConnectionInfo.fromJdbcUrl(PgTestServer.jdbcUrl("postgres", PASSWORD_ROLE) + "&password=not-it").connect()) {
                enforced = false;
            } catch (BackupConfigurationException e) {
                enforced = e.getMessage().contains("Authentication failed");
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        if (!enforced) {
            String reason = "The server does not check the password of role " + PASSWORD_ROLE + "; run .ci/prepare-postgres first.";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(reason);
            }
            org.junit.jupiter.api.Assumptions.abort(reason);
        }
        String name = PgTestServer.createDatabase("bt_pw");
        PgTestServer.execute("postgres", "alter database " + name + " owner to " + PASSWORD_ROLE);
        PgTestServer.execute(name, "create table owned (id int); insert into owned values (1), (2), (3); alter table owned owner to "
                + PASSWORD_ROLE);
        createdByTest.add(name);
        return name;
    }

    private final List<String> createdByTest = new java.util.ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void dropOwned() {
        createdByTest.forEach(PgTestServer::dropDatabase);
    }

    private Manifest backup(BackupSource source) {
        return new BackupEngine(repository(), BackupOptions.defaults()).backup(List.of(source), Map.of(), BackupProgressListener.NONE);
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
}
