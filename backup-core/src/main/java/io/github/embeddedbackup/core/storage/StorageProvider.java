package io.github.embeddedbackup.core.storage;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Opens one kind of storage (a local folder, S3, GCS, …) from neutral {@link StorageSettings}. Found
 * through {@link java.util.ServiceLoader}: a new storage is a module with a class implementing this
 * and a line in {@code META-INF/services/io.github.embeddedbackup.core.storage.StorageProvider}; the
 * CLI ({@code --storage scheme://…}, {@code --storage-option name=value}, and an option
 * {@code --type-setting} per setting that is neither in the URI nor a secret) and the starter
 * ({@code backup.storage.type}, {@code backup.storage.<type>.<setting>}) take it without a change of theirs.
 *
 * @since 0.2.0
 */
public interface StorageProvider {

    /** The type users name: {@code local}, {@code s3}, {@code gcs}; also the starter's {@code backup.storage.type}. */
    String type();

    /** URI schemes it takes without {@code :}, e.g. {@code s3}; a URI {@code s3://bucket/prefix} names bucket and prefix. */
    List<String> schemes();

    /** One example URI per accepted form, for messages. */
    List<String> examples();

    /**
     * Every setting it reads (kebab-case), so that a misspelt one is refused with the nearest name
     * instead of being ignored. Includes those a URI fills in ({@code bucket}, {@code prefix}, {@code path}).
     */
    Set<String> settingNames();

    /** The settings a URI of one of its schemes holds, e.g. {@code bucket} and {@code prefix}. */
    Map<String, String> settingsFromUri(String uri);

    /**
     * Opens the storage. Checks the settings, not the remote side (the first write does that).
     *
     * @throws InvalidStorageSettingException naming the setting that is missing or wrong
     */
    BackupStorage open(StorageSettings settings);

    /**
     * The environment variable this provider reads a setting from when the settings lack it, e.g.
     * {@code AZURE_STORAGE_KEY} for {@code account-key}: messages that refuse a secret on a command line
     * name it.
     *
     * @since 0.3.0
     */
    default Optional<String> environmentVariable(String setting) {
        return Optional.empty();
    }

    /**
     * Loggers of the provider's client library that log something harmless at WARN or above in normal
     * operation (a warning per request). The CLI and the starter set them to ERROR unless the user has
     * set their level.
     *
     * @since 0.3.0
     */
    default List<String> quietLoggers() {
        return List.of();
    }
}
