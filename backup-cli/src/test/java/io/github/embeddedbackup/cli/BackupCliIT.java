package io.github.embeddedbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.testing.PgTestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as a user runs it: {@code java -jar backup-cli.jar …} against the real PostgreSQL and real SQLite files. */
class BackupCliIT {

    static final Path JAR = Path.of("target", "backup-cli.jar");
    static String database;
    final List<String> created = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void seed() {
        assertThat(JAR).as("mvn package builds the runnable jar").exists();
        PgTestServer.require();
        database = PgTestServer.createAwkwardDatabase("bt_cli");
    }

    @AfterAll
    static void drop() {
        if (database != null) {
            PgTestServer.dropDatabase(database);
        }
    }

    @AfterEach
    void dropCreated() {
        created.forEach(PgTestServer::dropDatabase);
    }

    @Test
    void backsUpListsVerifiesAndRestoresPostgresAndSqlite() throws Exception {
        Path app = dir.resolve("app.db");
        createSqlite(app);
        String storage = "file:" + dir.resolve("backups");

        Result backup = run("backup", "--storage", storage, "--source", PgTestServer.jdbcUrl(database), "--source", "jdbc:sqlite:" + app);
        assertThat(backup.exit).as(backup.stderr).isZero();
        String id = backup.lastStdoutLine();
        assertThat(id).matches("\\d{8}T\\d{6}Z-[0-9a-f]{6}");
        assertThat(backup.stderr).contains("Backup " + id + " complete");

        Result list = run("list", "--storage", storage, "--json");
        assertThat(list.exit).isZero();
        assertThat(list.stdout).contains("\"id\" : \"" + id + "\"").contains("\"name\" : \"" + database + "\"").contains("\"name\" : \"app\"");

        Result verify = run("verify", "--storage", storage, "latest", "--level", "content");
        assertThat(verify.exit).as(verify.stderr).isZero();
        assertThat(verify.stdout).contains("Backup " + id + " is sound");

        String copy = "bt_cli_copy_" + Long.toHexString(System.nanoTime());
        created.add(copy);
        Result restorePg = run("restore", "--storage", storage, id, "--target", PgTestServer.jdbcUrl(copy), "--create", "--jobs", "2");
        assertThat(restorePg.exit).as(restorePg.stderr).isZero();
        assertThat(PgTestServer.schemaDump(copy)).isEqualTo(PgTestServer.schemaDump(database));
        assertThat(PgTestServer.dataFingerprint(copy)).isEqualTo(PgTestServer.dataFingerprint(database));

        Path restored = dir.resolve("restored/app.db");
        Result restoreSqlite = run("restore", "--storage", storage, "latest", "--target", "jdbc:sqlite:" + restored);
        assertThat(restoreSqlite.exit).as(restoreSqlite.stderr).isZero();
        assertThat(rows(restored)).isEqualTo(rows(app));

        Result again = run("restore", "--storage", storage, "latest", "--target", "jdbc:sqlite:" + restored);
        assertThat(again.exit).isEqualTo(2);
        assertThat(again.stderr).contains("Refusing to overwrite").contains("--clean");
    }

    @Test
    void gzipBackupWithLevelIsListedAsGzip() throws Exception {
        Path app = dir.resolve("app.db");
        createSqlite(app);
        String storage = "file:" + dir.resolve("backups");

        Result backup = run("backup", "--storage", storage, "--source", "notes=jdbc:sqlite:" + app, "--compression", "gzip", "--level", "9",
                "--label", "reason=before-upgrade");
        assertThat(backup.exit).as(backup.stderr).isZero();

        Result list = run("list", "--storage", storage);
        assertThat(list.stdout).contains(backup.lastStdoutLine()).contains("gzip").contains("notes (sqlite)");
        assertThat(Files.list(dir.resolve("backups/archives")).map(Path::toString).toList()).singleElement()
                .satisfies(name -> assertThat(name).endsWith(".tar.gz"));
    }

    @Test
    void failuresPrintOneActionableParagraphWithoutStackTraceOrPassword() throws Exception {
        String storage = "file:" + dir.resolve("backups");

        Result unreachable = run("backup", "--storage", storage, "--source", "jdbc:postgresql://127.0.0.1:1/shop?user=app&password=Hunter2-Secret");
        assertThat(unreachable.exit).isEqualTo(2);
        assertThat(unreachable.stderr).contains("\nerror: Cannot connect to postgresql://app@127.0.0.1:1/shop: Connection to 127.0.0.1:1 refused")
                .contains("Check that PostgreSQL is running")
                .doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(unreachable.stdout + unreachable.stderr).doesNotContain("Hunter2-Secret");
        Result nothingStored = run("list", "--storage", storage, "--json");
        assertThat(nothingStored.exit).as("the failed backup did not even create the folder").isEqualTo(2);
        assertThat(nothingStored.stderr).contains("does not exist");

        Result verbose = run("--verbose", "backup", "--storage", storage, "--source", "jdbc:postgresql://127.0.0.1:1/shop?user=app&password=Hunter2-Secret");
        assertThat(verbose.stderr).contains("\tat ");
        assertThat(verbose.stdout + verbose.stderr).doesNotContain("Hunter2-Secret");

        Files.createDirectories(dir.resolve("backups"));
        Result unknown = run("restore", "--storage", storage, "20260101T000000Z-abcdef", "--target", "jdbc:sqlite:" + dir.resolve("x.db"));
        assertThat(unknown.exit).as("a backup id that is not there is bad usage (docs/cli.md)").isEqualTo(2);
        assertThat(unknown.stderr).contains("There is no complete backup 20260101T000000Z-abcdef").contains("backup-cli list");

        Result usage = run("backup", "--source", "jdbc:sqlite:x.db");
        assertThat(usage.exit).isEqualTo(2);
        assertThat(usage.stderr).contains("--storage");
    }

    @Test
    void damagedArchiveFailsVerifyAndRestore() throws Exception {
        Path app = dir.resolve("app.db");
        createSqlite(app);
        String storage = "file:" + dir.resolve("backups");
        String id = run("backup", "--storage", storage, "--source", "jdbc:sqlite:" + app).lastStdoutLine();
        Path archive = Files.list(dir.resolve("backups/archives")).findFirst().orElseThrow();
        byte[] bytes = Files.readAllBytes(archive);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(archive, bytes);

        Result verify = run("verify", "--storage", storage, id, "--level", "checksum");
        assertThat(verify.exit).isEqualTo(1);
        assertThat(verify.stderr).contains("Backup " + id + " is DAMAGED").contains("SHA-256");

        Path target = dir.resolve("restored.db");
        Result restore = run("restore", "--storage", storage, id, "--target", "jdbc:sqlite:" + target);
        assertThat(restore.exit).isEqualTo(1);
        assertThat(restore.stderr).startsWith("error: ").contains(id);
        assertThat(target).doesNotExist();
    }

    @Test
    void encryptedPostgresBackupRestoresOnlyWithTheRightKeyAndLeaksNothing() throws Exception {
        String storage = "file:" + dir.resolve("backups");
        String passphrase = "Tr0ub4dor&3-passphrase-for-test";
        Map<String, String> env = Map.of("BACKUP_PASSPHRASE", passphrase, "WRONG_PASSPHRASE", "not the passphrase at all");
        List<Result> outputs = new ArrayList<>();
        Result keygen = run(Map.of(), "keygen", "--public-key-file", "keys/ops.pub", "--private-key-file", "keys/ops.key");
        assertThat(keygen.exit).as(keygen.stderr).isZero();
        byte[] rawKey = new byte[32];
        new java.security.SecureRandom().nextBytes(rawKey);
        String keyBase64 = java.util.Base64.getEncoder().encodeToString(rawKey);
        Files.writeString(dir.resolve("keys/backup.key"), keyBase64 + "\n");

        Result backup = run(env, "--verbose", "backup", "--storage", storage, "--source", PgTestServer.jdbcUrl(database),
                "--passphrase-env", "BACKUP_PASSPHRASE", "--key-file", "keys/backup.key", "--recipient-file", "keys/ops.pub");
        outputs.add(backup);
        assertThat(backup.exit).as(backup.stderr).isZero();
        String id = backup.lastStdoutLine();

        String copy = "bt_cli_enc_" + Long.toHexString(System.nanoTime());
        created.add(copy);
        Result wrong = run(env, "--verbose", "restore", "--storage", storage, id, "--target", PgTestServer.jdbcUrl(copy), "--create",
                "--passphrase-env", "WRONG_PASSPHRASE");
        outputs.add(wrong);
        assertThat(wrong.exit).isNotZero();
        assertThat(wrong.stderr).contains("The passphrase is wrong");
        assertThat(PgTestServer.databaseExists(copy)).as("a wrong key leaves no database behind").isFalse();

        Result noKey = run(env, "restore", "--storage", storage, id, "--target", PgTestServer.jdbcUrl(copy), "--create");
        assertThat(noKey.exit).isNotZero();
        assertThat(noKey.stderr).contains("no key was given").contains("--identity-file");
        assertThat(PgTestServer.databaseExists(copy)).isFalse();

        Result verify = run(env, "--verbose", "verify", "--storage", storage, id, "--key-file", "keys/backup.key");
        outputs.add(verify);
        assertThat(verify.exit).as(verify.stderr).isZero();
        assertThat(verify.stdout).contains("(content:");

        Result restore = run(env, "--verbose", "restore", "--storage", storage, id, "--target", PgTestServer.jdbcUrl(copy), "--create",
                "--identity-file", "keys/ops.key");
        outputs.add(restore);
        assertThat(restore.exit).as(restore.stderr).isZero();
        assertThat(PgTestServer.dataFingerprint(copy)).isEqualTo(PgTestServer.dataFingerprint(database));

        String privateKey = Files.readString(dir.resolve("keys/ops.key")).strip().split(":")[1];
        for (Result output : outputs) {
            assertThat(output.stdout + output.stderr).doesNotContain(passphrase).doesNotContain(keyBase64).doesNotContain(privateKey)
                    .doesNotContain("not the passphrase at all");
        }
        try (var files = Files.walk(dir.resolve("backups"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(content).as(file.toString()).doesNotContain(passphrase).doesNotContain(keyBase64).doesNotContain(privateKey)
                        .doesNotContain("Order Line").doesNotContain("Customer").doesNotContain("O'Brien").doesNotContain("SKU-1")
                        .doesNotContain("large object content").doesNotContain("serverVersion");
            }
        }
    }

    @Test
    void pruneDoesWhatItPrintsAndFoldersRoundTrip() throws Exception {
        Path app = dir.resolve("app.db");
        createSqlite(app);
        Path tree = dir.resolve("tree");
        Files.createDirectories(tree.resolve("empty"));
        Files.createDirectories(tree.resolve("ü/deep"));
        Files.writeString(tree.resolve("ü/deep/file.txt"), "content");
        Files.createSymbolicLink(tree.resolve("link"), Path.of("ü/deep/file.txt"));
        String storage = "file:" + dir.resolve("backups");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Result backup = run("backup", "--storage", storage, "--source", "jdbc:sqlite:" + app, "--source", "file:" + tree);
            assertThat(backup.exit).as(backup.stderr).isZero();
            ids.add(backup.lastStdoutLine());
        }

        Result dryRun = run("prune", "--storage", storage, "--keep-last", "2", "--dry-run");
        assertThat(dryRun.exit).as(dryRun.stderr).isZero();
        List<String> kept = idsOnLinesStartingWith(dryRun.stdout, "keep ");
        List<String> doomed = idsOnLinesStartingWith(dryRun.stdout, "would delete ");
        assertThat(kept).containsExactlyInAnyOrder(ids.get(3), ids.get(2));
        assertThat(doomed).containsExactlyInAnyOrder(ids.get(1), ids.get(0));
        assertThat(run("list", "--storage", storage, "--json").stdout).contains(ids.get(0), ids.get(1));

        Result prune = run("prune", "--storage", storage, "--keep-last", "2");
        assertThat(idsOnLinesStartingWith(prune.stdout, "keep ")).isEqualTo(kept);
        assertThat(idsOnLinesStartingWith(prune.stdout, "delete ")).isEqualTo(doomed);
        String listed = run("list", "--storage", storage, "--json").stdout;
        assertThat(listed).contains(kept.get(0), kept.get(1)).doesNotContain(doomed.get(0)).doesNotContain(doomed.get(1));

        Result restore = run("restore", "--storage", storage, "latest", "--target", "file:" + dir.resolve("restored/tree"));
        assertThat(restore.exit).as(restore.stderr).isZero();
        assertThat(Files.readString(dir.resolve("restored/tree/ü/deep/file.txt"))).isEqualTo("content");
        assertThat(Files.isDirectory(dir.resolve("restored/tree/empty"))).isTrue();
        assertThat(Files.readSymbolicLink(dir.resolve("restored/tree/link"))).isEqualTo(Path.of("ü/deep/file.txt"));
    }

    private static List<String> idsOnLinesStartingWith(String output, String prefix) {
        return output.lines().filter(line -> line.startsWith(prefix)).map(line -> line.substring(prefix.length()).trim().split("\\s+")[0]).toList();
    }

    private Result run(String... args) throws IOException, InterruptedException {
        return run(Map.of(), args);
    }

    /** Through the shared {@link Cli} runner: the jar as a user runs it, started as every CLI IT starts it. */
    private Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Cli.Result result = new Cli(dir).run(env, args);
        return new Result(result.exit(), result.stdout(), result.stderr());
    }

    record Result(int exit, String stdout, String stderr) {
        String lastStdoutLine() {
            String[] lines = stdout.strip().split("\n");
            return lines[lines.length - 1].strip();
        }
    }

    private static void createSqlite(Path file) throws Exception {
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + file); Statement statement = conn.createStatement()) {
            statement.execute("pragma journal_mode=wal");
            statement.execute("create table note (id integer primary key, body text, data blob)");
            statement.execute("insert into note (body, data) values ('hello', x'00ff'), ('wörld 🎉', null), (null, zeroblob(100000))");
        }
    }

    private static List<String> rows(Path file) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + file); Statement statement = conn.createStatement();
                ResultSet rs = statement.executeQuery("select id, body, hex(data) from note order by id")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3));
            }
        }
        return rows;
    }
}
