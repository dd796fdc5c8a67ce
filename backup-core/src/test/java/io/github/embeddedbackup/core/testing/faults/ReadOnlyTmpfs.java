package io.github.embeddedbackup.core.testing.faults;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A folder on a read-only file system, which refuses writes to root as well (permission bits do not): a
 * small tmpfs mounted {@code ro}, as root ({@code mount}) or through passwordless sudo. Where neither works
 * the test is skipped with the reason, except under {@code CI=true}, where it fails, unless
 * {@code BACKUP_TEST_TMPFS=skip} says the CI machine cannot mount.
 */
public final class ReadOnlyTmpfs implements AutoCloseable {

    private final Path mountPoint;
    private final boolean sudo;

    private ReadOnlyTmpfs(Path mountPoint, boolean sudo) {
        this.mountPoint = mountPoint;
        this.sudo = sudo;
    }

    public static ReadOnlyTmpfs mount(Path mountPoint) throws IOException, InterruptedException {
        Assumptions.assumeFalse("skip".equalsIgnoreCase(System.getenv("BACKUP_TEST_TMPFS")),
                "BACKUP_TEST_TMPFS=skip: no read-only mount here");
        Files.createDirectories(mountPoint);
        List<String> failures = new ArrayList<>();
        for (boolean sudo : new boolean[] {false, true}) {
            String output = run(sudo, "mount", "-t", "tmpfs", "-o", "ro,size=1m,mode=0755", "tmpfs", mountPoint.toString());
            if (output == null) {
                return new ReadOnlyTmpfs(mountPoint, sudo);
            }
            failures.add(output.strip());
        }
        String reason = "Cannot mount a read-only tmpfs on " + mountPoint + " (as this user, nor with sudo -n): "
                + String.join("; ", failures) + ". Run as root or with passwordless sudo, or set BACKUP_TEST_TMPFS=skip.";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true: " + reason);
        }
        Assumptions.abort(reason);
        return null;
    }

    public Path path() {
        return mountPoint;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        String output = run(sudo, "umount", mountPoint.toString());
        if (output != null) {
            throw new IllegalStateException("Cannot unmount the test tmpfs " + mountPoint + ": " + output);
        }
    }

    /** Runs the command; null when it succeeded, else what it printed. */
    private static String run(boolean sudo, String... command) throws InterruptedException {
        List<String> full = new ArrayList<>();
        if (sudo) {
            full.addAll(List.of("sudo", "-n"));
        }
        full.addAll(List.of(command));
        try {
            Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return String.join(" ", full) + " did not end within 30 s";
            }
            return process.exitValue() == 0 ? null : output;
        } catch (IOException e) {
            return e.getMessage();
        }
    }
}
