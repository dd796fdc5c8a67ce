package io.github.embeddedbackup.cli;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.storage.BackupStorage;
import io.github.embeddedbackup.core.storage.FilesystemBackupStorage;
import java.nio.file.Path;
import java.nio.file.Paths;
import picocli.CommandLine.Option;

/** The {@code --storage} option shared by every command. */
final class StorageOption {

    @Option(names = "--storage", required = true, paramLabel = "URI",
            description = "Where backups are kept: file:<folder> (e.g. file:/var/backups/shop).")
    String storage;

    BackupRepository repository() {
        return new BackupRepository(parse(storage));
    }

    static BackupStorage parse(String uri) {
        String value = uri.trim();
        if (value.startsWith("s3://") || value.startsWith("gs://")) {
            throw new BackupConfigurationException("Storage '" + value + "' needs the S3/GCS backends, which this version "
                    + "does not have yet. Use file:<folder> for now.");
        }
        if (value.startsWith("file://")) {
            value = value.substring("file://".length());
        } else if (value.startsWith("file:")) {
            value = value.substring("file:".length());
        } else if (value.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            throw new BackupConfigurationException("Unknown storage '" + value + "'. Use file:<folder>, e.g. file:/var/backups/shop.");
        }
        if (value.isEmpty()) {
            throw new BackupConfigurationException("--storage names no folder. Use file:<folder>, e.g. file:/var/backups/shop.");
        }
        Path path = Paths.get(value);
        return new FilesystemBackupStorage(path);
    }
}
