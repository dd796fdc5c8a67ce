package io.github.embeddedbackup.runtime;

import io.github.embeddedbackup.core.BackupException;

/** A job was asked for while one that excludes it runs (a backup of other sources, another restore). */
public class BackupAlreadyRunningException extends BackupException {

    private final transient BackupJob running;

    public BackupAlreadyRunningException(BackupJob running) {
        super("A backup of other sources is running (job " + running.id() + ", sources: "
                + (running.sources().isEmpty() ? "all" : String.join(", ", running.sources()))
                + "). One backup runs at a time: follow that job, then start this one.");
        this.running = running;
    }

    public BackupAlreadyRunningException(BackupJob running, String message) {
        super(message);
        this.running = running;
    }

    /** The job that is running. */
    public BackupJob running() {
        return running;
    }
}
