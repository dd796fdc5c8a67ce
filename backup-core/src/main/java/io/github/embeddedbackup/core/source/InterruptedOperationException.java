package io.github.embeddedbackup.core.source;

import io.github.embeddedbackup.core.BackupException;
import org.jspecify.annotations.Nullable;

/**
 * A backup or restore was stopped from outside (its thread interrupted, its tools stopped) and has
 * cleaned up. {@link #outcome()} says what was left, e.g. "nothing was stored".
 */
public class InterruptedOperationException extends BackupException {

    private final String outcome;

    /**
     * @param what what was interrupted, e.g. "Restore into postgresql://app@db:5432/shop"
     * @param outcome what is left, in lower case, e.g. "nothing was stored"
     */
    public InterruptedOperationException(String what, String outcome, @Nullable Throwable cause) {
        super(what + " was interrupted; " + outcome + ".", cause);
        this.outcome = outcome;
    }

    public String outcome() {
        return outcome;
    }

    /** Whether the current thread was interrupted or this JVM's tools were stopped. */
    public static boolean requested() {
        return Thread.currentThread().isInterrupted() || ExternalProcess.stopping();
    }
}
