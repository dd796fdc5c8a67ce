package io.github.embeddedbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.testing.PgTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restores that used to report success while restoring the wrong thing, or nothing (issue 12, items 4, 5 and 18). */
@Tag("fault-matrix")
class RestoreFaultsIT {

    static String database;
    final List<String> created = new ArrayList<>();

    @TempDir
    Path dir;
    Cli cli;
    String storage;

    @BeforeAll
    static void seed() {
        PgTestServer.require();
        database = PgTestServer.createDatabase("bt_rfaults");
        PgTestServer.execute(database, "create table owners (id int primary key, name text); insert into owners values (1, 'Ann'), (2, 'Bo');"
                + "create table pets (id int primary key, owner int references owners); insert into pets values (10, 1);"
                + "create schema \"Sales\"; create table \"Sales\".\"Order.Lines\" (id int); insert into \"Sales\".\"Order.Lines\" values (7);");
    }

    @AfterAll
    static void drop() {
        if (database != null) {
            PgTestServer.dropDatabase(database);
        }
    }

    @BeforeEach
    void setUp() {
        cli = new Cli(dir);
        storage = "file:" + dir.resolve("backups");
    }

    @AfterEach
    void dropCreated() {
        created.forEach(PgTestServer::dropDatabase);
    }

    private String newDatabaseName() {
        String name = "bt_rfaults_copy_" + Long.toHexString(System.nanoTime());
        created.add(name);
        return name;
    }

    private String backup(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("backup", "--storage", storage, "--source", "shop=" + PgTestServer.jdbcUrl(database)));
        args.addAll(List.of(extra));
        Cli.Result backup = cli.run(Map.of("PASS", "a passphrase for the test"), args.toArray(String[]::new));
        assertThat(backup.exit()).as(backup.toString()).isZero();
        return backup.lastStdoutLine();
    }

    @Test
    void aTableNotInTheBackupFailsListingItsTablesAndLeavesTheTargetUntouched() throws Exception {
        String id = backup();
        String target = newDatabaseName();

        Cli.Result misspelled = cli.run("restore", "--storage", storage, id, "--target", PgTestServer.jdbcUrl(target), "--create",
                "--table", "public.ownerz");
        assertThat(misspelled.exit()).as(misspelled.toString()).isEqualTo(2);
        assertThat(misspelled.stderr()).contains("'public.ownerz' is not among them")
                .contains("\"public\".\"owners\"").contains("\"public\".\"pets\"").contains("\"Sales\".\"Order.Lines\"")
                .doesNotContain("\tat ");
        assertThat(PgTestServer.databaseExists(target)).as("no database was created").isFalse();

        // Into an existing empty database: it stays empty.
        PgTestServer.execute("postgres", "create database " + target);
        Cli.Result intoEmpty = cli.run("restore", "--storage", storage, id, "--target", PgTestServer.jdbcUrl(target), "--table", "pets",
                "--table", "nope");
        assertThat(intoEmpty.exit()).as(intoEmpty.toString()).isEqualTo(2);
        assertThat(intoEmpty.stderr()).contains("'nope' is not among them");
        assertThat(tables(target)).isEmpty();
    }

    @Test
    void quotedAndPlainNamesRestoreTheTableAsTheDescriptionShowsIt() throws Exception {
        String id = backup();
        // Each into a database of its own: all at once.
        List<String> names = List.of("\"public\".\"owners\"", "public.owners", "owners", "PUBLIC.OWNERS");
        List<String> targets = new ArrayList<>();
        List<String[]> commands = new ArrayList<>();
        for (String name : names) {
            targets.add(newDatabaseName());
            commands.add(new String[] {"restore", "--storage", storage, id, "--target", PgTestServer.jdbcUrl(targets.get(targets.size() - 1)),
                    "--create", "--table", name});
        }
        List<Cli.Result> restores = cli.runAll(commands);
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String target = targets.get(i);
            Cli.Result restore = restores.get(i);
            assertThat(restore.exit()).as(name + ": " + restore).isZero();
            assertThat(tables(target)).as(name).containsExactly("public.owners");
            assertThat(PgTestServer.query(target, "select count(*) from owners")).containsExactly("2");
        }
        // As with pg_restore -t, the table's schema must exist in the target.
        String target = newDatabaseName();
        PgTestServer.execute("postgres", "create database " + target);
        PgTestServer.execute(target, "create schema \"Sales\"");
        Cli.Result dotted = cli.run("restore", "--storage", storage, id, "--target", PgTestServer.jdbcUrl(target), "--clean",
                "--table", "\"Sales\".\"Order.Lines\"");
        assertThat(dotted.exit()).as(dotted.toString()).isZero();
        assertThat(tables(target)).containsExactly("Sales.Order.Lines");
    }

    @Test
    void encryptedBackupsCheckTheSealedTableListAfterTheKeyOpenedIt() throws Exception {
        String id = backup("--passphrase-env", "PASS");
        String target = newDatabaseName();
        Map<String, String> env = Map.of("PASS", "a passphrase for the test");

        Cli.Result misspelled = cli.run(env, "restore", "--storage", storage, id, "--target", PgTestServer.jdbcUrl(target), "--create",
                "--table", "public.ownerz", "--passphrase-env", "PASS");
        assertThat(misspelled.exit()).as(misspelled.toString()).isEqualTo(2);
        assertThat(misspelled.stderr()).contains("\"public\".\"owners\"");
        assertThat(PgTestServer.databaseExists(target)).isFalse();

        Cli.Result restore = cli.run(env, "restore", "--storage", storage, id, "--target", PgTestServer.jdbcUrl(target), "--create",
                "--table", "\"public\".\"owners\"", "--passphrase-env", "PASS");
        assertThat(restore.exit()).as(restore.toString()).isZero();
        assertThat(tables(target)).containsExactly("public.owners");
    }

    @Test
    void latestSaysWhichNewerBackupItSkippedAndWhy() throws Exception {
        String older = backup();
        String newer = backup();
        Files.writeString(dir.resolve("backups/manifests/" + newer + ".json"), "{\"formatVersion\": 1, \"id\": tru");

        Cli.Result verify = cli.run("verify", "--storage", storage, "latest");
        assertThat(verify.exit()).as(verify.toString()).isZero();
        assertThat(verify.stderr()).contains("warning: Backup " + newer + " is newer but was skipped: The manifest")
                .contains("unreadable").contains("Using backup " + older + " instead.");
        assertThat(verify.stdout()).contains("Backup " + older + " is sound");

        String target = newDatabaseName();
        Cli.Result restore = cli.run("restore", "--storage", storage, "latest", "--target", PgTestServer.jdbcUrl(target), "--create");
        assertThat(restore.exit()).as(restore.toString()).isZero();
        assertThat(restore.stderr()).contains("warning: Backup " + newer + " is newer but was skipped").contains("Using backup " + older);
        assertThat(restore.lastStdoutLine()).isEqualTo(older);
    }

    @Test
    void anArchiveThatNoLongerMatchesItsChecksumIsNotRestored() throws Exception {
        String id = backup("--compression", "gzip");
        Path archive = archiveOf(id);
        byte[] bytes = Files.readAllBytes(archive);
        bytes[9] ^= 0x01; // the gzip header's "operating system" byte: decompression does not notice, the checksum does
        Files.write(archive, bytes);

        Cli.Result verify = cli.run("verify", "--storage", storage, id);
        assertThat(verify.exit()).isEqualTo(1);

        String target = newDatabaseName();
        Cli.Result restore = cli.run("restore", "--storage", storage, id, "--target", PgTestServer.jdbcUrl(target), "--create");
        assertThat(restore.exit()).as(restore.toString()).isEqualTo(1);
        assertThat(restore.stderr()).contains("Backup " + id + " is damaged").contains("does not match the checksum in its manifest")
                .doesNotContain("\tat ");
        assertThat(PgTestServer.databaseExists(target)).as("the database the restore created was dropped").isFalse();

        PgTestServer.execute("postgres", "create database " + target);
        Cli.Result intoEmpty = cli.run("restore", "--storage", storage, id, "--target", PgTestServer.jdbcUrl(target), "--jobs", "2");
        assertThat(intoEmpty.exit()).as(intoEmpty.toString()).isEqualTo(1);
        assertThat(tables(target)).isEmpty();
    }

    @Test
    void aSwappedArchiveIsNotRestored() throws Exception {
        String first = backup();
        PgTestServer.execute(database, "insert into owners values (3, 'Cy')");
        try {
            String second = backup();
            Files.copy(archiveOf(second), archiveOf(first), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            PgTestServer.execute(database, "delete from owners where id = 3");
        }
        String target = newDatabaseName();
        Cli.Result restore = cli.run("restore", "--storage", storage, first, "--target", PgTestServer.jdbcUrl(target), "--create");
        assertThat(restore.exit()).as(restore.toString()).isEqualTo(1);
        assertThat(restore.stderr()).contains("Backup " + first + " is damaged");
        assertThat(PgTestServer.databaseExists(target)).isFalse();
    }

    private Path archiveOf(String id) throws Exception {
        try (var files = Files.list(dir.resolve("backups/archives"))) {
            return files.filter(f -> f.getFileName().toString().startsWith(id + ".")).findFirst().orElseThrow();
        }
    }

    private static List<String> tables(String database) {
        return PgTestServer.query(database, "select schemaname || '.' || tablename from pg_tables "
                + "where schemaname not in ('pg_catalog', 'information_schema') order by 1");
    }
}
