package io.github.embeddedbackup.core.manifest;

import io.github.embeddedbackup.core.BackupException;

/** A manifest cannot be parsed. The backup it describes cannot be used until it is repaired. */
public class CorruptManifestException extends BackupException {

    public CorruptManifestException(String where, String reason) {
        super("The manifest " + where + " is unreadable: " + reason + ". The backup it describes cannot be restored "
                + "from this manifest; restore another backup, or compare the file with a copy if you keep one.");
    }
}
