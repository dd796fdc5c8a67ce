package io.github.embeddedbackup.core.source;

import io.github.embeddedbackup.core.BackupConfigurationException;
import org.jspecify.annotations.Nullable;

/** A dump or restore tool is missing, broken, or too old for the server. Retrying does not help; installing does. */
public class ToolNotUsableException extends BackupConfigurationException {

    public ToolNotUsableException(String message) {
        super(message);
    }

    public ToolNotUsableException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
