package io.github.embeddedbackup.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.testing.MysqlAwkwardSeed;
import io.github.embeddedbackup.core.testing.MysqlTestServer;
import io.github.embeddedbackup.core.testing.faults.ChildJvm;
import io.github.embeddedbackup.core.testing.faults.SecretScan;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MySQL/MariaDB through the CLI a user runs (its jar, one JVM per command), with no code of the CLI's
 * naming it: the provider comes from core's ServiceLoader registration. Backs up the awkward sample
 * database as a user with a password, restores it into a new database, refuses a non-empty one, and
 * replaces it with --clean.
 */
class MysqlCliIT {

    @TempDir
    static Path dir;

    static Cli cli;
    static String source;
    static String user;
    static final String PASSWORD = "pw-" + Long.toHexString(System.nanoTime()) + "-\"';#";
    static final List<String> created = new ArrayList<>();
    static String id;

    @BeforeAll
    static void backUpTheAwkwardDatabase() throws IOException {
        MysqlTestServer.require();
        source = MysqlTestServer.createDatabase("bt_cli_my");
        created.add(source);
        MysqlTestServer.execute(source, MysqlAwkwardSeed.statements().toArray(String[]::new));
        user = "bt_cli_" + Long.toHexString(System.nanoTime()).substring(8);
        MysqlTestServer.executeOnServer("create user '" + user + "'@'%' identified by '" + PASSWORD.replace("\\", "\\\\").replace("'", "''") + "'",
                "grant select, show view, trigger, event, lock tables on `" + source + "`.* to '" + user + "'@'%'",
                "grant select on mysql.proc to '" + user + "'@'%'");
        cli = new Cli(dir);
        id = cli.backup("--source", "shop=" + MysqlTestServer.jdbcUrl(source).replaceFirst("user=[^&]*", "user=" + user)
                + "&password=" + java.net.URLEncoder.encode(PASSWORD, java.nio.charset.StandardCharsets.UTF_8));
    }

    @AfterAll
    static void drop() {
        created.forEach(MysqlTestServer::dropDatabase);
        if (user != null) {
            MysqlTestServer.executeOnServer("drop user if exists '" + user + "'@'%'");
        }
    }

    @Test
    void aRoundTripIntoANewDatabaseRestoresEveryRowAndObject() {
        String copy = MysqlTestServer.newName("bt_cli_my_copy");
        created.add(copy);

        ChildJvm.Result list = cli.run("list", "--storage", cli.storage);
        ChildJvm.Result restore = cli.run("restore", "--storage", cli.storage, id, "--target", MysqlTestServer.jdbcUrl(copy), "--create");

        assertThat(list.stdout()).contains("shop (mysql)");
        assertThat(restore.exit()).as(restore.toString()).isZero();
        assertThat(MysqlTestServer.dataFingerprint(copy)).isEqualTo(MysqlTestServer.dataFingerprint(source));
        assertThat(MysqlTestServer.schemaFingerprint(copy)).isEqualTo(MysqlTestServer.schemaFingerprint(source));
        cli.assertSound(id);
        cli.assertNoSecretAnywhere(SecretScan.of(PASSWORD));
        cli.assertTempFolderClean();
    }

    @Test
    @Tag("fault-matrix")
    void aNonEmptyTargetIsRefusedUnchangedAndCleanReplacesIt() {
        String target = MysqlTestServer.createDatabase("bt_cli_my_full");
        created.add(target);
        MysqlTestServer.execute(target, "create table customers (id int primary key, name varchar(20))", "insert into customers values (7, 'keep me')");
        Map<String, String> before = MysqlTestServer.dataFingerprint(target);

        ChildJvm.Result refused = cli.run("restore", "--storage", cli.storage, id, "--target", MysqlTestServer.jdbcUrl(target));

        assertThat(refused.exit()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.stderr()).contains(target).contains("--create").contains("--clean").doesNotContain("\tat ");
        assertThat(MysqlTestServer.dataFingerprint(target)).isEqualTo(before);

        ChildJvm.Result clean = cli.run("restore", "--storage", cli.storage, id, "--target", MysqlTestServer.jdbcUrl(target), "--clean");

        assertThat(clean.exit()).as(clean.toString()).isZero();
        assertThat(MysqlTestServer.dataFingerprint(target)).isEqualTo(MysqlTestServer.dataFingerprint(source));
    }

    @Test
    @Tag("fault-matrix")
    void aWrongPasswordAndAMissingToolAreNamedInTheCallersWords() {
        String wrong = "wrong-" + Long.toHexString(System.nanoTime());
        ChildJvm.Result denied = cli.run("backup", "--storage", cli.storage, "--source",
                MysqlTestServer.jdbcUrl(source).replaceFirst("user=[^&]*", "user=" + user) + "&password=" + wrong);
        ChildJvm.Result missing = cli.run("backup", "--storage", cli.storage, "--source", MysqlTestServer.jdbcUrl(source),
                "--dump-tool", dir.resolve("no/such/mariadb-dump").toString());

        assertThat(denied.exit()).as(denied.toString()).isNotZero();
        assertThat(denied.stderr()).containsIgnoringCase("access denied").contains(user).doesNotContain(wrong);
        assertThat(missing.exit()).as(missing.toString()).isEqualTo(2);
        assertThat(missing.stderr()).contains("no/such/mariadb-dump").contains("--dump-tool").doesNotContain("\tat ");
        assertThat(cli.listedIds()).containsExactly(id);
    }
}
