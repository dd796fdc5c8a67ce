package io.github.embeddedbackup.core;

import org.jspecify.annotations.Nullable;

/**
 * Root of every error this library throws. The message is written for the person operating the
 * backup: what failed, which backup or source, the likely cause and what to do. It never contains a
 * password, key or token.
 */
public class BackupException extends RuntimeException {

    public BackupException(String message) {
        super(message);
    }

    public BackupException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
