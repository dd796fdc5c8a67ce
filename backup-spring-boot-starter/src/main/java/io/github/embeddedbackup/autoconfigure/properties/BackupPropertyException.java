package io.github.embeddedbackup.autoconfigure.properties;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.runtime.StarterMessages;
import org.jspecify.annotations.Nullable;

/** A setting stops the application from starting; names the property and the fix. */
public class BackupPropertyException extends BackupConfigurationException {

    private final String property;
    private final String action;

    public BackupPropertyException(String property, String problem, String action, @Nullable Throwable cause) {
        super(StarterMessages.withoutCliHints(problem), cause);
        this.property = property;
        this.action = action;
    }

    public String property() {
        return property;
    }

    public String action() {
        return action;
    }
}
