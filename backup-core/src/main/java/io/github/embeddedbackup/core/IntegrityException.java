package io.github.embeddedbackup.core;

import org.jspecify.annotations.Nullable;

/** Stored data does not match its manifest: a changed, truncated or reordered byte. */
public class IntegrityException extends BackupException {

    private final String backupId;
    private final String what;
    private final @Nullable String expected;
    private final @Nullable String actual;

    public IntegrityException(String backupId, String what, @Nullable String expected, @Nullable String actual, String detail) {
        super("Backup " + backupId + " is damaged: " + what + " " + detail
                + (expected != null ? " (expected " + expected + ", found " + actual + ")" : "")
                + ". Nothing from the damaged data was applied. Restore another backup, "
                + "and check the storage for disk or transfer errors.");
        this.backupId = backupId;
        this.what = what;
        this.expected = expected;
        this.actual = actual;
    }

    public String backupId() {
        return backupId;
    }

    public String what() {
        return what;
    }

    public @Nullable String expected() {
        return expected;
    }

    public @Nullable String actual() {
        return actual;
    }
}
