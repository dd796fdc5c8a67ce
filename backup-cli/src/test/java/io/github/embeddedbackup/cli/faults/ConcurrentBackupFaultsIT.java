package io.github.embeddedbackup.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.testing.faults.ChildJvm;
import io.github.embeddedbackup.core.testing.faults.Leftovers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault matrix: three {@code backup-cli backup} processes started at once into one folder. Each either
 * succeeds with its own id or fails with one clear paragraph; {@code list} shows exactly the ones that
 * succeeded, each verifies, and no partial file is left.
 */
@Tag("fault-matrix")
class ConcurrentBackupFaultsIT {

    @TempDir
    Path dir;

    @Test
    void threeBackupsAtOnceIntoOneFolder() {
        Cli cli = new Cli(dir);
        List<Path> databases = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path db = dir.resolve("app" + i + ".db");
            Cli.createSqlite(db, 5_000);
            databases.add(db);
        }

        List<ChildJvm.Running> running = new ArrayList<>();
        for (Path db : databases) {
            running.add(cli.start("backup", "--storage", cli.storage, "--source", "jdbc:sqlite:" + db));
        }
        List<String> succeeded = new ArrayList<>();
        for (ChildJvm.Running backup : running) {
            ChildJvm.Result result = cli.remember(backup.await());
            if (result.exit() == 0) {
                succeeded.add(result.lastStdoutLine());
            } else {
                assertThat(result.exit()).as(result.toString()).isEqualTo(1);
                assertThat(result.stderr()).as("a clear message, no stack trace").contains("error: ").doesNotContain("\tat ");
            }
        }

        assertThat(succeeded).as("at least one backup succeeds; ids are distinct").isNotEmpty().doesNotHaveDuplicates();
        assertThat(cli.listedIds()).as("only complete backups are listed").containsExactlyInAnyOrderElementsOf(succeeded);
        for (String id : succeeded) {
            cli.assertSound(id);
        }
        assertThat(Leftovers.files(cli.backups)).as("an archive and a manifest per backup, nothing partial").hasSize(2 * succeeded.size());
        cli.assertTempFolderClean();
    }
}
