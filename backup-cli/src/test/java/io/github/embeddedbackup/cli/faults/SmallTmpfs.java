package io.github.embeddedbackup.cli.faults;

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
 * A really full disk: a tmpfs of a few MiB mounted on a test folder, as root ({@code mount}) or through
 * passwordless sudo (GitHub's runners). Where neither works the test is skipped with the reason, except under
 * {@code CI=true}, where that is unexpected and fails, unless {@code BACKUP_TEST_TMPFS=skip} says the CI
 * machine cannot mount (the fake full store of FullStoreFaultsTests still runs everywhere).
 */
final class SmallTmpfs implements AutoCloseable {

    private final Path mountPoint;
    private final boolean sudo;

    private SmallTmpfs(Path mountPoint, boolean sudo) {
        this.mountPoint = mountPoint;
        this.sudo = sudo;
    }

    static SmallTmpfs mount(Path mountPoint, int mebibytes) throws IOException, InterruptedException {
        if ("skip".equalsIgnoreCase(System.getenv("BACKUP_TEST_TMPFS"))) {
            Assumptions.abort("BACKUP_TEST_TMPFS=skip: no real full disk here; FullStoreFaultsTests covers a full store.");
        }
        Files.createDirectories(mountPoint);
        Object uid = Files.getAttribute(mountPoint, "unix:uid");
        Object gid = Files.getAttribute(mountPoint, "unix:gid");
        String options = "size=" + mebibytes + "m,mode=0700,uid=" + uid + ",gid=" + gid;
        boolean root = Integer.valueOf(0).equals(currentUid());
        List<String> failures = new ArrayList<>();
        for (boolean sudo : root ? new boolean[] {false} : new boolean[] {true}) {
            String output = run(sudo, "mount", "-t", "tmpfs", "-o", options, "tmpfs", mountPoint.toString());
            if (output == null) {
                return new SmallTmpfs(mountPoint, sudo);
            }
            failures.add(output);
        }
        String reason = "Cannot mount a " + mebibytes + " MiB tmpfs on " + mountPoint + (root ? "" : " with sudo -n") + ": "
                + String.join("; ", failures).strip() + ". Run as root (or with passwordless sudo) for the real full-disk case, "
                + "or set BACKUP_TEST_TMPFS=skip.";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true: " + reason);
        }
        Assumptions.abort(reason);
        return null;
    }

    Path path() {
        return mountPoint;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        String output = run(sudo, "umount", mountPoint.toString());
        if (output != null) {
            throw new IllegalStateException("Cannot unmount the test tmpfs " + mountPoint + ": " + output);
        }
    }

    private static Object currentUid() throws IOException {
        Path probe = Files.createTempFile("uid-probe", "");
        try {
            return Files.getAttribute(probe, "unix:uid");
        } finally {
            Files.delete(probe);
        }
    }

    /** Runs the command; null when it succeeded, else what it printed. */
    private static String run(boolean sudo, String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (sudo) {
            full.addAll(List.of("sudo", "-n"));
        }
        full.addAll(List.of(command));
        Process process;
        try {
            process = new ProcessBuilder(full).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return String.join(" ", full) + " did not finish";
        }
        return process.exitValue() == 0 ? null : String.join(" ", full) + ": " + output;
    }
}
