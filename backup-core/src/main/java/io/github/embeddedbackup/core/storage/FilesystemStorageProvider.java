package io.github.embeddedbackup.core.storage;

import io.github.embeddedbackup.core.BackupConfigurationException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code local}: a folder, given as {@code file:<folder>}, {@code file:///abs} or the setting {@code path}. */
public final class FilesystemStorageProvider implements StorageProvider {

    /** Where backups go when no path is set: beside the application. */
    public static final String DEFAULT_PATH = "./backups";

    @Override
    public String type() {
        return "local";
    }

    @Override
    public List<String> schemes() {
        return List.of("file");
    }

    @Override
    public List<String> examples() {
        return List.of("file:<folder> (e.g. file:/var/backups/app)");
    }

    @Override
    public Set<String> settingNames() {
        return Set.of("path");
    }

    @Override
    public Map<String, String> settingsFromUri(String uri) {
        String value = uri.strip();
        String path;
        if (value.startsWith("file://")) {
            path = value.substring("file://".length());
            if (!path.startsWith("/")) {
                throw new BackupConfigurationException("Storage '" + uri + "' names a host or a relative path after file://. Write "
                        + "file:///absolute/folder or file:relative/folder.");
            }
        } else {
            path = value.startsWith("file:") ? value.substring("file:".length()) : value;
        }
        if (path.isEmpty()) {
            throw new BackupConfigurationException("Storage '" + uri + "' names no folder. Write file:/path/to/folder.");
        }
        return Map.of("path", path);
    }

    @Override
    public BackupStorage open(StorageSettings settings) {
        return new FilesystemBackupStorage(Path.of(settings.get("path", DEFAULT_PATH)));
    }
}
