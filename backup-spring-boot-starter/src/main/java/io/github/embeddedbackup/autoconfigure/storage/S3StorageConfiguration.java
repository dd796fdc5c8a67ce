package io.github.embeddedbackup.autoconfigure.storage;

import io.github.embeddedbackup.autoconfigure.BackupProperties;
import io.github.embeddedbackup.autoconfigure.BackupPropertyException;
import io.github.embeddedbackup.core.storage.BackupStorage;
import io.github.embeddedbackup.storage.s3.S3BackupStorage;
import io.github.embeddedbackup.storage.s3.S3StorageOptions;
import java.net.URI;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** {@code backup.storage.type=s3}: an S3Client of the application's is reused; else one is built from {@code backup.storage.s3.*}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({S3Client.class, S3BackupStorage.class})
@ConditionalOnProperty(prefix = "backup.storage", name = "type", havingValue = "s3")
public class S3StorageConfiguration {

    @Bean
    @ConditionalOnMissingBean
    S3Client backupS3Client(BackupProperties properties) {
        BackupProperties.Storage.S3 s3 = properties.getStorage().getS3();
        S3ClientBuilder builder = S3Client.builder().forcePathStyle(s3.isPathStyle())
                .overrideConfiguration(config -> config.apiCallAttemptTimeout(s3.getAttemptTimeout()));
        if (s3.getRegion() != null) {
            builder.region(Region.of(s3.getRegion()));
        }
        if (s3.getEndpoint() != null) {
            // Several S3-compatible stores reject the SDK's newer default checksum headers.
            builder.endpointOverride(URI.create(s3.getEndpoint()))
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean
    BackupStorage s3BackupStorage(S3Client client, BackupProperties properties) {
        BackupProperties.Storage.S3 s3 = properties.getStorage().getS3();
        if (s3.getBucket() == null || s3.getBucket().isBlank()) {
            throw new BackupPropertyException("backup.storage.s3.bucket", "S3 storage needs a bucket.",
                    "set backup.storage.s3.bucket=my-backups (and backup.storage.s3.prefix=my-service/)", null);
        }
        try {
            return new S3BackupStorage(client, s3.getBucket(), s3.getPrefix(), new S3StorageOptions((int) s3.getPartSize().toBytes(),
                    s3.getStorageClass(), s3.getServerSideEncryption(), s3.getKmsKeyId(), null));
        } catch (IllegalArgumentException e) {
            throw new BackupPropertyException("backup.storage.s3", e.getMessage(), "correct the S3 settings", e);
        }
    }
}
