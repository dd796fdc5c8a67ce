package io.github.embeddedbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM during a folder restore: the line blames the signal and says the target is as it was, not that the backup is damaged. */
@Tag("fault-matrix")
class RestoreInterruptionFaultsIT {

    @TempDir
    Path dir;

    @Test
    void sigtermWhileAFolderIsRestoredLeavesNoTargetAndDoesNotBlameTheBackup() throws Exception {
        Path tree = dir.resolve("tree");
        Files.createDirectories(tree);
        byte[] chunk = new byte[1 << 20];
        Random random = new Random(42);
        try (OutputStream out = Files.newOutputStream(tree.resolve("big.bin"))) {
            for (int i = 0; i < 400; i++) { // incompressible, so reading it back takes seconds
                random.nextBytes(chunk);
                out.write(chunk);
            }
        }
        String storage = "file:" + dir.resolve("backups");
        CliProcess backup = CliProcess.run(dir, dir.resolve("tmp"), "backup", "--storage", storage, "--source", "file:" + tree);
        assertThat(backup.process.exitValue()).as(backup.stderr()).isZero();

        Path target = dir.resolve("restored");
        CliProcess restore = CliProcess.start(dir, dir.resolve("tmp"), Map.of(), "restore", "--storage", storage, "latest", "--target",
                "file:" + target);
        CliProcess.awaitCondition(() -> staging(dir) || !restore.process.isAlive(), Duration.ofSeconds(60), "the restore to write its staging folder");
        assertThat(restore.process.isAlive()).as("the restore still runs: " + restore.stderr()).isTrue();
        restore.signal("TERM");

        assertThat(restore.awaitExit(Duration.ofSeconds(45))).as(restore.stderr()).isEqualTo(143);
        assertThat(restore.stderr().lines()).containsExactly("interrupted by the signal (Ctrl-C or SIGTERM) while the backup was read; the "
                + "target was left as it was (a restore that does not finish changes nothing, see docs/restore.md). The backup is not "
                + "damaged: run the restore again.");
        assertThat(target).as("the target").doesNotExist();
        assertThat(staging(dir)).as("the staging folder is removed").isFalse();
        CliProcess verify = CliProcess.run(dir, dir.resolve("tmp"), "verify", "--storage", storage, "latest");
        assertThat(verify.process.exitValue()).as("the backup is sound: " + verify.stdout() + verify.stderr()).isZero();
    }

    private static boolean staging(Path dir) {
        try (var files = Files.list(dir)) {
            return files.anyMatch(p -> p.getFileName().toString().startsWith(".restored.restore-"));
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
