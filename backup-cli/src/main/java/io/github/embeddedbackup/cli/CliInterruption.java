package io.github.embeddedbackup.cli;

import io.github.embeddedbackup.core.source.ExternalProcess;
import io.github.embeddedbackup.core.source.InterruptedOperationException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Ctrl-C (SIGINT) and SIGTERM: the JVM runs its shutdown hooks, and this one stops the running
 * command — it interrupts the command's thread and kills the tools it runs — then waits (bounded)
 * until the command has cleaned up (partial object aborted, created database dropped, spool file
 * removed) and printed one line. The JVM then exits with 130 or 143, as shells expect.
 */
final class CliInterruption {

    /** Longer than any clean-up step takes (killing a tool, a DROP DATABASE), shorter than a supervisor's patience. */
    static final long CLEANUP_SECONDS = 30;

    private static final CountDownLatch finished = new CountDownLatch(1);
    private static volatile boolean signalled;
    private static volatile @Nullable Thread commandThread;
    private static volatile @Nullable PrintStream err;

    private CliInterruption() {}

    /** Watches for a signal while the calling thread runs the command. */
    static void install(PrintStream errors) {
        commandThread = Thread.currentThread();
        err = errors;
        Runtime.getRuntime().addShutdownHook(new Thread(CliInterruption::stopCommand, "backup-cli-interruption"));
    }

    private static volatile int exitCode = -1;

    /** The command has returned (or thrown and been reported) with {@code exit}: nothing left to stop. */
    static void finished(int exit) {
        exitCode = exit;
        finished.countDown();
    }

    /** Whether a signal stopped the command: its failure is then the interruption, not an error. */
    static boolean signalled() {
        return signalled;
    }

    /** The one line printed for a command stopped by a signal, after its clean-up ran. */
    static String describe(String commandName, Throwable failure) {
        if (commandName.equals("backup")) {
            return "interrupted; nothing was stored"; // a failed backup always aborts its partial archive
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InterruptedOperationException interrupted) {
                return "interrupted; " + interrupted.outcome();
            }
        }
        if (commandName.equals("restore") && failure.getCause() instanceof IOException) {
            // The signal stopped the reading of the backup, and the target let that failure through without saying
            // what it left: by RestoreTarget's contract it is then as it was (a SQLite file or a folder is built beside
            // the target and moved into place only at the end). The restorer's words for a failed read blame the backup.
            return "interrupted by the signal (Ctrl-C or SIGTERM) while the backup was read; the target was left as it was "
                    + "(a restore that does not finish changes nothing, see docs/restore.md). The backup is not damaged: run the restore "
                    + "again.";
        }
        return "interrupted; " + failure.getMessage();
    }

    private static void stopCommand() {
        Thread thread = commandThread;
        if (finished.getCount() == 0 || thread == null) {
            return; // an ordinary exit
        }
        signalled = true;
        thread.interrupt();
        ExternalProcess.stopAll(); // a thread blocked on a tool's output only notices the tool's end
        try {
            if (finished.await(CLEANUP_SECONDS, TimeUnit.SECONDS)) {
                if (exitCode == 0) {
                    // The signal came too late to stop anything: the command completed (a backup is stored and
                    // verified as listed). Exit 0, so a script that trusts $? does not take a good backup for a failed one.
                    System.out.flush();
                    System.err.flush();
                    Runtime.getRuntime().halt(0);
                }
            } else {
                PrintStream out = err;
                if (out != null) {
                    out.println("interrupted; the clean-up did not finish within " + CLEANUP_SECONDS + " s. Run 'backup-cli cleanup"
                            + " --storage URI --now' to remove partial files, and drop a database a restore with --create left.");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
