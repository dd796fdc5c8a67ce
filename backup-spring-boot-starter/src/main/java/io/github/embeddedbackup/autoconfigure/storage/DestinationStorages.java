package io.github.embeddedbackup.autoconfigure.storage;

import io.github.embeddedbackup.autoconfigure.BackupProperties;
import io.github.embeddedbackup.autoconfigure.BackupPropertyException;
import io.github.embeddedbackup.core.storage.BackupStorage;
import io.github.embeddedbackup.core.storage.FilesystemBackupStorage;
import java.nio.file.Path;

/** Builds the storage of a further destination ({@code backup.mirrors.<name>.*}) from its own properties. */
public final class DestinationStorages {

    private DestinationStorages() {}

    /** @param property e.g. {@code backup.mirrors.offsite} */
    public static BackupStorage create(BackupProperties.Storage storage, String property) {
        String type = storage.getType();
        try {
            return switch (type) {
                case "local" -> new FilesystemBackupStorage(Path.of(storage.getLocal().getPath()));
                case "s3" -> S3Storages.storageWithOwnClient(storage.getS3(), property + ".s3");
                case "gcs" -> GcsStorages.storage(storage.getGcs(), property + ".gcs");
                default -> throw new BackupPropertyException(property + ".type", "unknown storage type '" + type + "'.",
                        "use local, s3 or gcs", null);
            };
        } catch (NoClassDefFoundError e) {
            throw new BackupPropertyException(property + ".type", "storage type '" + type + "' needs the module backup-storage-" + type
                    + " (and its SDK) on the classpath.", "add the dependency io.github.embeddedbackup:backup-storage-" + type, e);
        }
    }
}
