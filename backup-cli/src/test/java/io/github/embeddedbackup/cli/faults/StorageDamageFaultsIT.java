package io.github.embeddedbackup.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.testing.faults.ChildJvm;
import io.github.embeddedbackup.core.testing.faults.Damage;
import io.github.embeddedbackup.core.testing.faults.Leftovers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault matrix: a stored backup damaged after it was written (flipped byte, truncated, missing or swapped
 * archive, damaged or missing manifest, unknown format version). For each: {@code verify} and {@code restore}
 * fail with exit 1 and a message naming the backup and what to do, the restore target is never created,
 * {@code list} shows only what can be used, and the other backups still list and verify.
 */
@Tag("fault-matrix")
class StorageDamageFaultsIT {

    /** Three backups of a growing SQLite database (so their archives differ), made once and copied per test. */
    @TempDir
    static Path template;

    static String good;
    static String victim;
    static String other;

    @TempDir
    Path dir;

    Cli cli;
    Damage damage;
    Path target;

    @BeforeAll
    static void backUpThreeTimes() throws Exception {
        Cli maker = new Cli(template);
        Path app = template.resolve("app.db");
        Cli.createSqlite(app, 10_000);
        good = maker.backup("--source", "jdbc:sqlite:" + app);
        addRows(app);
        victim = maker.backup("--source", "jdbc:sqlite:" + app);
        addRows(app);
        other = maker.backup("--source", "jdbc:sqlite:" + app);
        assertThat(List.of(good, victim, other)).doesNotHaveDuplicates();
    }

    @BeforeEach
    void copyTemplate() throws IOException {
        cli = new Cli(dir);
        try (Stream<Path> files = Files.walk(template.resolve("backups"))) {
            for (Path from : files.toList()) {
                Files.copy(from, cli.backups.resolve(template.resolve("backups").relativize(from)), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        damage = Damage.in(cli.backups);
        target = dir.resolve("restored").resolve("app.db");
    }

    @AfterEach
    void awaitStarted() {
        cli.awaitStarted();
    }

    /** The commands a test asserts on, started at once when the damage is done: verify of each id, restore of the first, list. */
    private void startChecks(boolean contentLevel, boolean json, String... ids) {
        List<List<String>> commands = new ArrayList<>();
        for (String id : ids) {
            commands.add(contentLevel ? List.of("verify", "--storage", cli.storage, id, "--level", "content")
                    : List.of("verify", "--storage", cli.storage, id));
        }
        commands.add(restoreArgs(ids[0]));
        commands.add(json ? List.of("list", "--storage", cli.storage, "--json") : List.of("list", "--storage", cli.storage));
        cli.startAll(commands);
    }

    @Test
    void flippedByteInTheArchive() {
        damage.flipArchiveByte(victim, size(damage.archive(victim)) / 2);
        startChecks(true, true, victim, good);

        assertVerifySaysDamaged(victim).contains("SHA-256").contains("the stored bytes were changed");
        assertRestoreRefused(victim).containsIgnoringCase("another backup");
        assertThat(cli.listedIds()).as("list reads manifests only: the damaged backup is still listed; verify tells")
                .containsExactly(other, victim, good);
        assertGoodBackupSound();
        cli.assertSound(good);
    }

    @Test
    void truncatedArchive() {
        long before = size(damage.archive(victim));
        damage.truncateArchive(victim, 0.5);
        startChecks(true, true, victim);

        assertVerifySaysDamaged(victim).contains("has " + before / 2 + " bytes; the manifest says " + before);
        assertRestoreRefused(victim).containsIgnoringCase("another backup");
        assertThat(cli.listedIds()).containsExactly(other, victim, good);
        assertGoodBackupSound();
    }

    @Test
    void missingArchive() {
        String key = cli.backups.relativize(damage.archive(victim)).toString();
        damage.deleteArchive(victim);
        startChecks(true, true, victim);

        assertVerifySaysDamaged(victim).contains("The archive '" + key + "' is missing");
        assertRestoreRefused(victim).contains("is missing").containsIgnoringCase("another backup");
        assertThat(cli.listedIds()).containsExactly(other, victim, good);
        assertGoodBackupSound();
    }

    @Test
    void swappedArchives() {
        damage.swapArchives(victim, other);
        startChecks(true, true, victim, other);

        assertVerifySaysDamaged(victim).contains("SHA-256");
        assertVerifySaysDamaged(other).contains("SHA-256");
        assertRestoreRefused(victim).containsIgnoringCase("another backup");
        assertRestoreRefused(other).containsIgnoringCase("another backup");
        assertThat(cli.listedIds()).containsExactly(other, victim, good);
        assertGoodBackupSound();
    }

    @Test
    void garbageManifest() {
        damage.writeManifest(victim, "\u0000\u0001 not a manifest \uFFFD");
        startChecks(false, false, victim);

        assertVerifySaysUnreadable(victim);
        assertRestoreRefused(victim).contains("is unreadable").containsIgnoringCase("another backup");
        assertListSkips(victim);
        assertGoodBackupSound();
    }

    @Test
    void truncatedManifest() {
        damage.truncateManifest(victim);
        startChecks(false, false, victim);

        assertVerifySaysUnreadable(victim);
        assertRestoreRefused(victim).contains("is unreadable").containsIgnoringCase("another backup");
        assertListSkips(victim);
        assertGoodBackupSound();
    }

    @Test
    void manifestFromANewerFormatVersion() {
        damage.setFormatVersion(victim, "2");
        startChecks(false, false, victim);

        ChildJvm.Result verify = cli.run("verify", "--storage", cli.storage, victim);
        assertThat(verify.exit()).as(verify.toString()).isEqualTo(1);
        assertThat(verify.stderr()).contains("Backup " + victim + " uses format version 2").contains("reads format version 1")
                .contains("newer release");
        assertRestoreRefused(victim).contains("format version 2").contains("newer release");
        assertListSkips(victim);
        assertGoodBackupSound();
    }

    @Test
    void missingManifest() {
        damage.deleteManifest(victim);
        startChecks(false, true, victim);

        ChildJvm.Result verify = cli.run("verify", "--storage", cli.storage, victim);
        // The archive alone is an interrupted backup to the tool: never listed, removed by 'cleanup'.
        assertThat(verify.exit()).as(verify.toString()).isEqualTo(2);
        assertThat(verify.stderr()).contains("There is no complete backup " + victim).contains("backup-cli list");
        ChildJvm.Result restore = restore(victim);
        assertThat(restore.exit()).as(restore.toString()).isIn(1, 2);
        assertThat(restore.stderr()).contains("There is no complete backup " + victim);
        assertNothingRestored();
        assertThat(cli.listedIds()).containsExactly(other, good);
        assertGoodBackupSound();
    }

    private org.assertj.core.api.AbstractStringAssert<?> assertVerifySaysDamaged(String id) {
        ChildJvm.Result verify = cli.run("verify", "--storage", cli.storage, id, "--level", "content");
        assertThat(verify.exit()).as(verify.toString()).isEqualTo(1);
        String said = verify.stdout() + verify.stderr();
        assertThat(said).contains("Backup " + id + " is DAMAGED").contains("Do not rely on this backup").contains("restore another one");
        return assertThat(said);
    }

    private void assertVerifySaysUnreadable(String id) {
        ChildJvm.Result verify = cli.run("verify", "--storage", cli.storage, id);
        assertThat(verify.exit()).as(verify.toString()).isEqualTo(1);
        assertThat(verify.stderr()).contains("The manifest 'manifests/" + id + ".json'").contains("is unreadable")
                .contains("restore another backup").doesNotContain("\tat ");
    }

    private org.assertj.core.api.AbstractStringAssert<?> assertRestoreRefused(String id) {
        ChildJvm.Result restore = restore(id);
        assertThat(restore.exit()).as(restore.toString()).isEqualTo(1);
        assertThat(restore.stderr()).startsWith("error: ").contains(id).doesNotContain("\tat ");
        assertNothingRestored();
        return assertThat(restore.stderr());
    }

    private ChildJvm.Result restore(String id) {
        return cli.run(restoreArgs(id).toArray(String[]::new));
    }

    private List<String> restoreArgs(String id) {
        return List.of("restore", "--storage", cli.storage, id, "--target", "jdbc:sqlite:" + target);
    }

    /** The damaged manifest is named on stderr, and only usable backups are listed. */
    private void assertListSkips(String id) {
        ChildJvm.Result list = cli.run("list", "--storage", cli.storage);
        assertThat(list.exit()).as(list.toString()).isZero();
        assertThat(list.stdout()).doesNotContain(id).contains(good).contains(other);
        assertThat(list.stderr()).contains(id);
    }

    /**
     * The good backup is unaffected: its archive and manifest are byte for byte those written (one test also
     * runs verify on it), and the failed commands left nothing in the temp folder.
     */
    private void assertGoodBackupSound() {
        Damage written = Damage.in(template.resolve("backups"));
        for (Path[] pair : new Path[][] {{written.archive(good), damage.archive(good)}, {written.manifest(good), damage.manifest(good)}}) {
            try {
                assertThat(Files.mismatch(pair[0], pair[1])).as("%s is unchanged", pair[1]).isEqualTo(-1L);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        cli.assertTempFolderClean();
    }

    private void assertNothingRestored() {
        assertThat(target).doesNotExist();
        assertThat(Leftovers.files(target.getParent())).as("no temporary restore file is left").isEmpty();
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void addRows(Path app) throws Exception {
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + app); Statement statement = conn.createStatement()) {
            statement.execute("insert into note (body) select body || ' again' from note limit 500");
        }
    }
}
