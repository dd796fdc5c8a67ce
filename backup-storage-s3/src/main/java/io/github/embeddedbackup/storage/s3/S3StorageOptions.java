package io.github.embeddedbackup.storage.s3;

import org.jspecify.annotations.Nullable;

/**
 * How objects are written to S3.
 *
 * @param partSize bytes per multipart part (5 MiB to 5 GiB); also the memory one upload needs. All
 *     parts but the last have exactly this size, as Cloudflare R2 requires.
 * @param storageClass e.g. {@code STANDARD_IA}, {@code GLACIER_IR}; null for the bucket's default
 * @param serverSideEncryption {@code AES256} (SSE-S3) or {@code aws:kms} (SSE-KMS); null for the bucket's default
 * @param kmsKeyId the KMS key for {@code aws:kms}; null for the account's default key
 * @param checksumAlgorithm {@code CRC32}, {@code CRC32C}, {@code SHA1} or {@code SHA256}: S3 checks every
 *     part end to end; null leaves it to the SDK's default
 */
public record S3StorageOptions(
        int partSize,
        @Nullable String storageClass,
        @Nullable String serverSideEncryption,
        @Nullable String kmsKeyId,
        @Nullable String checksumAlgorithm) {

    public static final int DEFAULT_PART_SIZE = 16 * 1024 * 1024;
    private static final int MIN_PART_SIZE = 5 * 1024 * 1024;

    public S3StorageOptions {
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("S3 part size must be at least 5 MiB (S3's minimum), but was " + partSize + " bytes");
        }
        if (serverSideEncryption != null && !serverSideEncryption.equals("AES256") && !serverSideEncryption.equals("aws:kms")) {
            throw new IllegalArgumentException("S3 server-side encryption must be AES256 or aws:kms, but was '" + serverSideEncryption + "'");
        }
    }

    public static S3StorageOptions defaults() {
        return new S3StorageOptions(DEFAULT_PART_SIZE, null, null, null, null);
    }

    public S3StorageOptions withPartSize(int newPartSize) {
        return new S3StorageOptions(newPartSize, storageClass, serverSideEncryption, kmsKeyId, checksumAlgorithm);
    }
}
