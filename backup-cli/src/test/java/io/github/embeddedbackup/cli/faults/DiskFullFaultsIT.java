package io.github.embeddedbackup.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.testing.faults.ChildJvm;
import io.github.embeddedbackup.core.testing.faults.Leftovers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault matrix: a really full disk (a small tmpfs, see {@link SmallTmpfs}) under the storage folder, under
 * the CLI's temp folder (too small for a SQLite snapshot, or even for the SQLite driver's native library),
 * and under a restore's target folder. The backup fails with exit 1 and a message naming the cause and what to do;
 * no partial file is listed or left; the earlier backup still verifies; the temp folder is left empty.
 */
@Tag("fault-matrix")
class DiskFullFaultsIT {

    @TempDir
    Path dir;

    Path big;
    Path small;

    @BeforeEach
    void databases() throws Exception {
        big = dir.resolve("big.db");
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + big); Statement statement = conn.createStatement()) {
            statement.execute("create table blob (id integer primary key, data blob)");
            // about 3.5 MB that does not compress
            statement.execute("with recursive n(i) as (select 1 union all select i + 1 from n where i < 800) "
                    + "insert into blob (data) select randomblob(4096) from n");
        }
        small = dir.resolve("small.db");
        Cli.createSqlite(small, 100);
    }

    @Test
    void storageFolderFills() throws Exception {
        try (SmallTmpfs disk = SmallTmpfs.mount(dir.resolve("disk"), 1)) {
            Cli cli = new Cli(dir);
            Path storageRoot = disk.path().resolve("backups");
            String storage = "file:" + storageRoot;
            ChildJvm.Result first = cli.run("backup", "--storage", storage, "--source", "jdbc:sqlite:" + small);
            assertThat(first.exit()).as(first.toString()).isZero();
            String earlier = first.lastStdoutLine();
            Leftovers before = Leftovers.snapshot(storageRoot);

            ChildJvm.Result full = cli.run("--verbose", "backup", "--storage", storage, "--source", "jdbc:sqlite:" + big);

            assertThat(full.exit()).as(full.toString()).isEqualTo(1);
            assertThat(full.stderr()).contains("error: Backup of source 'big' to " + storage + " failed: No space left on device")
                    .contains("Nothing was stored").contains("Check free space");
            before.assertNothingNew();
            ChildJvm.Result list = cli.run("list", "--storage", storage);
            assertThat(list.stdout()).contains(earlier);
            assertThat(list.stdout().lines().filter(line -> line.matches("\\d{8}T.*"))).hasSize(1);
            ChildJvm.Result verify = cli.run("verify", "--storage", storage, earlier);
            assertThat(verify.exit()).as(verify.toString()).isZero();
            cli.assertTempFolderClean();
        }
    }

    @Test
    void tempFolderFills() throws Exception {
        // 3 MiB: room for the SQLite driver's native library (unpacked there first), not for the 3.5 MB snapshot.
        try (SmallTmpfs tmp = SmallTmpfs.mount(dir.resolve("tmp"), 3)) {
            Cli cli = new Cli(dir);
            assertThat(cli.tmp).isEqualTo(tmp.path());

            ChildJvm.Result full = cli.run("backup", "--storage", cli.storage, "--source", "jdbc:sqlite:" + big);

            assertThat(full.exit()).as(full.toString()).isEqualTo(1);
            assertThat(full.stderr()).contains("source 'big'").containsIgnoringCase("no space left")
                    .contains(cli.tmp.toString()).contains("java.io.tmpdir").contains("SQLITE_FULL").contains("Nothing was stored")
                    .doesNotContain("locked");
            assertThat(Leftovers.files(cli.backups)).as("nothing stored").isEmpty();
            cli.assertTempFolderClean();
        }
    }

    @Test
    void tempFolderTooSmallForTheSqliteDriver() throws Exception {
        // 1 MiB: no room for the SQLite driver's native library (about 1.1 MB), which it unpacks there first.
        try (SmallTmpfs tmp = SmallTmpfs.mount(dir.resolve("tmp"), 1)) {
            Cli cli = new Cli(dir);
            assertThat(cli.tmp).isEqualTo(tmp.path());

            ChildJvm.Result result = cli.run("backup", "--storage", cli.storage, "--source", "jdbc:sqlite:" + small,
                    "--compression", "none"); // zstd's native library would need the temp folder too

            assertThat(result.exit()).as(result.toString()).isEqualTo(1);
            assertThat(result.stderr()).contains("The SQLite native library could not be loaded")
                    .contains("temp folder " + cli.tmp).contains("-Dorg.sqlite.tmpdir=")
                    .doesNotContain("SQLiteJDBCLoader").doesNotContain("\tat ").doesNotContain("readable SQLite database");
            assertThat(result.stderr().lines().filter(line -> line.startsWith("error: "))).hasSize(1);
            assertThat(Leftovers.files(cli.backups)).as("nothing stored").isEmpty();
            cli.assertTempFolderClean();
        }
    }

    @Test
    void restoreTargetFolderFills() throws Exception {
        try (SmallTmpfs disk = SmallTmpfs.mount(dir.resolve("disk"), 2)) {
            Cli cli = new Cli(dir);
            String id = cli.backup("--source", "jdbc:sqlite:" + big);
            Path target = disk.path().resolve("restored.db");

            ChildJvm.Result full = cli.run("restore", "--storage", cli.storage, id, "--target", "jdbc:sqlite:" + target);

            assertThat(full.exit()).as(full.toString()).isEqualTo(1);
            // The target folder's fault, not the backup's: no advice to verify or to restore another backup.
            assertThat(full.stderr()).contains("source 'big'").contains("cannot write the restored database in " + disk.path())
                    .containsIgnoringCase("no space left").contains("Nothing was changed")
                    .doesNotContain("reading the backup").doesNotContain("verify");
            assertThat(Leftovers.files(disk.path())).as("nothing partial in the target folder").isEmpty();
            cli.assertSound(id);
            cli.assertTempFolderClean();
        }
    }
}
