package io.github.embeddedbackup.core.repository;

import io.github.embeddedbackup.core.BackupException;

/** No complete backup has the id, or the storage holds no backup at all. */
public class BackupNotFoundException extends BackupException {

    public BackupNotFoundException(String message) {
        super(message);
    }
}
