package io.github.embeddedbackup.autoconfigure.storage;

import io.github.embeddedbackup.autoconfigure.BackupProperties;
import io.github.embeddedbackup.core.storage.BackupStorage;
import io.github.embeddedbackup.storage.s3.S3BackupStorage;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code backup.storage.type=s3}: an S3Client of the application's is reused; else one is built from {@code backup.storage.s3.*}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({S3Client.class, S3BackupStorage.class})
@ConditionalOnProperty(prefix = "backup.storage", name = "type", havingValue = "s3")
public class S3StorageConfiguration {

    @Bean
    @ConditionalOnMissingBean
    S3Client backupS3Client(BackupProperties properties) {
        return S3Storages.client(properties.getStorage().getS3());
    }

    @Bean
    @ConditionalOnMissingBean
    BackupStorage s3BackupStorage(S3Client client, BackupProperties properties) {
        return S3Storages.storage(client, properties.getStorage().getS3(), "backup.storage.s3");
    }
}
