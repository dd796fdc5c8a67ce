package io.github.embeddedbackup.autoconfigure.storage;

import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import io.github.embeddedbackup.autoconfigure.BackupProperties;
import io.github.embeddedbackup.autoconfigure.BackupPropertyException;
import io.github.embeddedbackup.core.storage.BackupStorage;
import io.github.embeddedbackup.storage.gcs.GcsBackupStorage;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code backup.storage.type=gcs}: a Storage of the application's is reused; else Google's default credentials. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({Storage.class, GcsBackupStorage.class})
@ConditionalOnProperty(prefix = "backup.storage", name = "type", havingValue = "gcs")
public class GcsStorageConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Storage backupGcsClient() {
        return StorageOptions.getDefaultInstance().getService();
    }

    @Bean
    @ConditionalOnMissingBean
    BackupStorage gcsBackupStorage(Storage storage, BackupProperties properties) {
        BackupProperties.Storage.Gcs gcs = properties.getStorage().getGcs();
        if (gcs.getBucket() == null || gcs.getBucket().isBlank()) {
            throw new BackupPropertyException("backup.storage.gcs.bucket", "GCS storage needs a bucket.",
                    "set backup.storage.gcs.bucket=my-backups (and backup.storage.gcs.prefix=my-service/)", null);
        }
        return new GcsBackupStorage(storage, gcs.getBucket(), gcs.getPrefix(), gcs.getStorageClass(), GcsBackupStorage.DEFAULT_CHUNK_SIZE);
    }
}
