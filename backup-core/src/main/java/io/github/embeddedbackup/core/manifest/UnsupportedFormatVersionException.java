package io.github.embeddedbackup.core.manifest;

import io.github.embeddedbackup.core.BackupException;

/** A manifest uses a format version this library cannot read. */
public class UnsupportedFormatVersionException extends BackupException {

    private final String backupId;
    private final int foundVersion;

    public UnsupportedFormatVersionException(String backupId, int foundVersion) {
        super("Backup " + backupId + " uses format version " + foundVersion + "; this library (version "
                + io.github.embeddedbackup.core.LibraryVersion.get() + ") reads format version " + Manifest.FORMAT_VERSION
                + ". Use a newer release of backup-cli or of the starter to read it; nothing was changed.");
        this.backupId = backupId;
        this.foundVersion = foundVersion;
    }

    public String backupId() {
        return backupId;
    }

    public int foundVersion() {
        return foundVersion;
    }
}
