package io.github.embeddedbackup.runtime;

import io.github.embeddedbackup.core.BackupException;

/** A backup was asked for while another instance of the application holds the cluster lock of the shared storage. */
public class BackupRunningElsewhereException extends BackupException {

    private final String where;

    /** @param where the instance that runs it, as far as it is known (e.g. "host app-7f9c (pid 41) since 2026-12-02T05:00:00Z") */
    public BackupRunningElsewhereException(String where, String lock) {
        super("A backup or a scheduled restore drill is running in another instance of this application (" + where + "; lock: " + lock
                + "). Instances that share a storage back up one at a time: follow it there, or try again when it has ended.");
        this.where = where;
    }

    /** Where the other backup runs, as far as it is known. */
    public String where() {
        return where;
    }
}
