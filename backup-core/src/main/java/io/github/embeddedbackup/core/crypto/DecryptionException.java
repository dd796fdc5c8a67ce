package io.github.embeddedbackup.core.crypto;

import io.github.embeddedbackup.core.BackupException;
import org.jspecify.annotations.Nullable;

/** An encrypted backup cannot be opened with the keys given: none given, or none fits. */
public class DecryptionException extends BackupException {

    private final String backupId;

    public DecryptionException(String backupId, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.backupId = backupId;
    }

    public String backupId() {
        return backupId;
    }
}
