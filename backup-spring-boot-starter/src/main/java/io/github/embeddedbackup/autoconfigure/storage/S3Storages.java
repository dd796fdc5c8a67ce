package io.github.embeddedbackup.autoconfigure.storage;

import io.github.embeddedbackup.autoconfigure.BackupProperties;
import io.github.embeddedbackup.autoconfigure.BackupPropertyException;
import io.github.embeddedbackup.autoconfigure.StarterMessages;
import io.github.embeddedbackup.core.storage.BackupStorage;
import io.github.embeddedbackup.storage.s3.S3BackupStorage;
import io.github.embeddedbackup.storage.s3.S3StorageOptions;
import java.net.URI;
import org.springframework.util.unit.DataSize;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds S3 clients and storages from {@code *.s3.*} properties. Loaded only when S3 is used. */
final class S3Storages {

    private static final DataSize MIN_PART_SIZE = DataSize.ofMegabytes(5);
    private static final DataSize MAX_PART_SIZE = DataSize.ofMegabytes(2047);

    private S3Storages() {}

    /** A storage with a client of its own; returns the interface so that callers never name S3 types. */
    static BackupStorage storageWithOwnClient(BackupProperties.Storage.S3 s3, String property) {
        return storage(client(s3), s3, property);
    }

    static S3Client client(BackupProperties.Storage.S3 s3) {
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

    /** @param property the properties' prefix, e.g. {@code backup.storage.s3}, for messages */
    static BackupStorage storage(S3Client client, BackupProperties.Storage.S3 s3, String property) {
        if (s3.getBucket() == null || s3.getBucket().isBlank()) {
            throw new BackupPropertyException(property + ".bucket", "S3 storage needs a bucket.",
                    "set " + property + ".bucket=my-backups (and " + property + ".prefix=my-service/)", null);
        }
        long partSize = s3.getPartSize().toBytes();
        if (partSize < MIN_PART_SIZE.toBytes() || partSize > MAX_PART_SIZE.toBytes()) {
            // Checked here, before the int the S3 module takes: 3GB would otherwise wrap to a negative number.
            throw new BackupPropertyException(property + ".part-size", "the S3 part size must be between 5MB (S3's minimum) and 2047MB "
                    + "(one part is held in memory), but was " + StarterMessages.dataSize(s3.getPartSize()) + ".", "use e.g. 16MB (the default)", null);
        }
        try {
            return new S3BackupStorage(client, s3.getBucket(), s3.getPrefix(), new S3StorageOptions((int) partSize,
                    s3.getStorageClass(), s3.getServerSideEncryption(), s3.getKmsKeyId(), null));
        } catch (IllegalArgumentException e) {
            // The part size is checked above; what is left is the server-side encryption.
            throw new BackupPropertyException(property + ".server-side-encryption", e.getMessage() + ".",
                    "use AES256 or aws:kms, or remove it for the bucket's default", null);
        }
    }
}
