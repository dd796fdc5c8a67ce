package io.github.embeddedbackup.core.storage;

import io.github.embeddedbackup.core.BackupConfigurationException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * No installed {@link StorageProvider} has a type. The message names the installed types, the nearest
 * one, and the module that would bring it (storage modules are named {@code backup-storage-<type>}).
 *
 * @since 0.2.0
 */
public class UnknownStorageTypeException extends BackupConfigurationException {

    private final String type;

    public UnknownStorageTypeException(String type, List<String> installed, @Nullable String nearest) {
        super("Unknown storage type '" + type + "'" + (nearest == null ? "" : " (did you mean " + nearest + "?)") + ". Installed: "
                + String.join(", ", installed) + (nearest == null ? ". If '" + type + "' comes from a module, add the dependency "
                + "io.github.embeddedbackup:backup-storage-" + type + " (and its SDK)" : "") + ".");
        this.type = type;
    }

    public String type() {
        return type;
    }
}
