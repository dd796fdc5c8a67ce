package io.github.embeddedbackup.core.storage;

import io.github.embeddedbackup.core.BackupException;
import org.jspecify.annotations.Nullable;

/** A storage operation failed. Carries the storage and the key it was about. */
public class StorageException extends BackupException {

    private final String storage;
    private final @Nullable String key;

    public StorageException(String message, String storage, @Nullable String key, @Nullable Throwable cause) {
        super(message, cause);
        this.storage = storage;
        this.key = key;
    }

    public String storage() {
        return storage;
    }

    public @Nullable String key() {
        return key;
    }
}
