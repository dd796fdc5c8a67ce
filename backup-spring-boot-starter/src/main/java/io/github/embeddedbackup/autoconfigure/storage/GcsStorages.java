package io.github.embeddedbackup.autoconfigure.storage;

import com.google.cloud.storage.StorageOptions;
import io.github.embeddedbackup.autoconfigure.BackupProperties;
import io.github.embeddedbackup.autoconfigure.BackupPropertyException;
import io.github.embeddedbackup.core.storage.BackupStorage;
import io.github.embeddedbackup.storage.gcs.GcsBackupStorage;

/** Builds GCS storages from {@code *.gcs.*} properties. Loaded only when GCS is used. */
final class GcsStorages {

    private GcsStorages() {}

    static BackupStorage storage(BackupProperties.Storage.Gcs gcs, String property) {
        if (gcs.getBucket() == null || gcs.getBucket().isBlank()) {
            throw new BackupPropertyException(property + ".bucket", "GCS storage needs a bucket.", "set " + property + ".bucket=my-backups", null);
        }
        return new GcsBackupStorage(StorageOptions.getDefaultInstance().getService(), gcs.getBucket(), gcs.getPrefix(), gcs.getStorageClass(),
                GcsBackupStorage.DEFAULT_CHUNK_SIZE);
    }
}
