package io.github.embeddedbackup.core.source;

import io.github.embeddedbackup.core.BackupException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A dump or restore tool failed. Carries its exit code, the tail of its stderr and the command (no secrets). */
public class DumpFailedException extends BackupException {

    private final int exitCode;
    private final String stderrTail;
    private final List<String> command;

    public DumpFailedException(String message, int exitCode, String stderrTail, List<String> command, @Nullable Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.stderrTail = stderrTail;
        this.command = List.copyOf(command);
    }

    public int exitCode() {
        return exitCode;
    }

    public String stderrTail() {
        return stderrTail;
    }

    /** The command line, which never holds a password (credentials travel in the environment only). */
    public List<String> command() {
        return command;
    }
}
