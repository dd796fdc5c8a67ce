package io.github.embeddedbackup.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.testing.PgTestServer;
import io.github.embeddedbackup.core.testing.faults.ChildJvm;
import io.github.embeddedbackup.core.testing.faults.Leftovers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault matrix: restores into targets that already hold data (a PostgreSQL database with tables, an existing
 * SQLite file, a non-empty folder) are refused without {@code --clean}: exit 2, a message naming the target
 * and the options, and the target byte for byte unchanged.
 */
@Tag("fault-matrix")
class NonEmptyTargetFaultsIT {

    @TempDir
    static Path dir;

    static Cli cli;
    static String id;
    static String source;
    static String target;

    @BeforeAll
    static void backupOfThreeKinds() throws IOException {
        PgTestServer.require();
        source = PgTestServer.createDatabase("bt_fm_src");
        PgTestServer.execute(source, "create table orders (id int primary key, item text); insert into orders values (1, 'from the backup')");
        target = PgTestServer.createDatabase("bt_fm_target");
        PgTestServer.execute(target, "create table customers (id int primary key, name text); insert into customers values (7, 'keep me')");
        cli = new Cli(dir);
        Path app = dir.resolve("app.db");
        Cli.createSqlite(app, 100);
        Files.createDirectories(dir.resolve("files/sub"));
        Files.writeString(dir.resolve("files/sub/a.txt"), "from the backup");
        id = cli.backup("--source", "shop=" + PgTestServer.jdbcUrl(source), "--source", "app=jdbc:sqlite:" + app, "--source",
                "files=file:" + dir.resolve("files"));
    }

    @AfterAll
    static void drop() {
        if (source != null) {
            PgTestServer.dropDatabase(source);
        }
        if (target != null) {
            PgTestServer.dropDatabase(target);
        }
    }

    @Test
    void postgresDatabaseWithTables() {
        Map<String, String> before = PgTestServer.dataFingerprint(target);
        String schemaBefore = PgTestServer.schemaDump(target);

        ChildJvm.Result restore = cli.run("restore", "--storage", cli.storage, id, "--target", PgTestServer.jdbcUrl(target));

        assertThat(restore.exit()).as(restore.toString()).isEqualTo(2);
        assertThat(restore.stderr()).contains("Refusing to restore into").contains(target).contains("not empty")
                .contains("1 relation").contains("--create").contains("--clean").doesNotContain("\tat ");
        assertThat(PgTestServer.dataFingerprint(target)).isEqualTo(before);
        assertThat(PgTestServer.schemaDump(target)).isEqualTo(schemaBefore);
        cli.assertTempFolderClean();
    }

    @Test
    void existingSqliteFile() throws IOException {
        Path existing = dir.resolve("existing/app.db");
        Files.createDirectories(existing.getParent());
        Cli.createSqlite(existing, 10);
        byte[] before = Files.readAllBytes(existing);

        ChildJvm.Result restore = cli.run("restore", "--storage", cli.storage, id, "--target", "jdbc:sqlite:" + existing);

        assertThat(restore.exit()).as(restore.toString()).isEqualTo(2);
        assertThat(restore.stderr()).contains("Refusing to overwrite " + existing).contains("--clean").doesNotContain("\tat ");
        assertThat(Files.readAllBytes(existing)).isEqualTo(before);
        assertThat(Leftovers.files(existing.getParent())).containsExactly(existing);
        cli.assertTempFolderClean();
    }

    @Test
    void nonEmptyFolder() throws IOException {
        Path folder = dir.resolve("existing-folder");
        Files.createDirectories(folder.resolve("keep"));
        Files.writeString(folder.resolve("keep/mine.txt"), "keep me");
        Leftovers before = Leftovers.snapshot(folder);
        Leftovers parent = Leftovers.snapshot(dir);

        ChildJvm.Result restore = cli.run("restore", "--storage", cli.storage, id, "--target", "file:" + folder);

        assertThat(restore.exit()).as(restore.toString()).isEqualTo(2);
        assertThat(restore.stderr()).contains("Refusing to restore into " + folder).contains("not empty").contains("--clean")
                .doesNotContain("\tat ");
        before.assertNothingNew();
        assertThat(Files.readString(folder.resolve("keep/mine.txt"))).isEqualTo("keep me");
        parent.assertNothingNew(path -> path.startsWith(".child-jvm/"));
        assertThat(Set.copyOf(Leftovers.files(folder))).containsExactly(folder.resolve("keep/mine.txt"));
        cli.assertTempFolderClean();
    }
}
