package io.github.embeddedbackup.storage.gcs;

import com.google.cloud.storage.Storage;
import io.github.embeddedbackup.core.storage.BackupStorage;
import io.github.embeddedbackup.core.storage.StorageProvider;
import io.github.embeddedbackup.core.storage.StorageSettings;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code gcs}: {@code gs://bucket/prefix}. A {@code Storage} client of the host application is reused;
 * else Google's default credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud's login, the metadata
 * server), checked when the storage is opened.
 */
public final class GcsStorageProvider implements StorageProvider {

    @Override
    public String type() {
        return "gcs";
    }

    @Override
    public List<String> schemes() {
        return List.of("gs");
    }

    @Override
    public List<String> examples() {
        return List.of("gs://bucket/prefix");
    }

    @Override
    public Set<String> settingNames() {
        return Set.of("bucket", "prefix", "storage-class", "chunk-size");
    }

    @Override
    public Map<String, String> settingsFromUri(String uri) {
        return StorageSettings.bucketAndPrefix(uri, "gs", "gcs");
    }

    @Override
    public BackupStorage open(StorageSettings settings) {
        String bucket = settings.required("bucket", "my-backups (with prefix my-service/)");
        int chunkSize = (int) settings.bytes("chunk-size", GcsBackupStorage.DEFAULT_CHUNK_SIZE, 256 * 1024, 512L * 1024 * 1024);
        Storage client = settings.shared().find(Storage.class).orElseGet(GcsBackupStorage::defaultClient);
        return new GcsBackupStorage(client, bucket, settings.get("prefix", ""), settings.get("storage-class"), chunkSize);
    }
}
