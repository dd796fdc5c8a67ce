package io.github.embeddedbackup.core;

import org.jspecify.annotations.Nullable;

/** A setting is missing, malformed or points at something that does not work (a tool, a folder). */
public class BackupConfigurationException extends BackupException {

    public BackupConfigurationException(String message) {
        super(message);
    }

    public BackupConfigurationException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
