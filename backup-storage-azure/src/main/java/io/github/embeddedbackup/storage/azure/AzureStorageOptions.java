package io.github.embeddedbackup.storage.azure;

import com.azure.storage.blob.models.AccessTier;
import com.azure.storage.blob.models.CustomerProvidedKey;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How {@link AzureBlobBackupStorage} writes and what its messages say about the client it was given:
 * the settings that are not the container and prefix.
 *
 * @param accessTier tier of new blobs, null for the account's default
 * @param customerKey customer-provided encryption key for writes and reads, null for none
 * @param blockSize bytes per staged block; one block is held in memory per open writer
 * @param credential which credential setting the client came from, for messages (never its value)
 * @param timeout the per-request timeout the client was built with, for messages
 */
public record AzureStorageOptions(@Nullable AccessTier accessTier, @Nullable CustomerProvidedKey customerKey, long blockSize,
        String credential, Duration timeout) {

    public static final long DEFAULT_BLOCK_SIZE = 16L * 1024 * 1024;
    public static final long MIN_BLOCK_SIZE = 1024L * 1024;
    /** Azure's largest block. */
    public static final long MAX_BLOCK_SIZE = 4000L * 1024 * 1024;
    /** Per try: a 16 MB block needs 16 s at 1 MB/s; with 3 tries a stalled endpoint fails in about 3 minutes. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    public AzureStorageOptions {
        if (blockSize < MIN_BLOCK_SIZE || blockSize > MAX_BLOCK_SIZE) {
            throw new IllegalArgumentException("Azure block size must be between 1MB and 4000MB, but was " + blockSize);
        }
    }

    /** The account's default tier, no customer key, 16 MB blocks, 60 seconds per request. */
    public static AzureStorageOptions defaults(String credential) {
        return new AzureStorageOptions(null, null, DEFAULT_BLOCK_SIZE, credential, DEFAULT_TIMEOUT);
    }

    public AzureStorageOptions withAccessTier(@Nullable AccessTier tier) {
        return new AzureStorageOptions(tier, customerKey, blockSize, credential, timeout);
    }

    public AzureStorageOptions withCustomerKey(@Nullable CustomerProvidedKey key) {
        return new AzureStorageOptions(accessTier, key, blockSize, credential, timeout);
    }

    public AzureStorageOptions withBlockSize(long bytes) {
        return new AzureStorageOptions(accessTier, customerKey, bytes, credential, timeout);
    }

    /** The customer key is never shown. */
    @Override
    public String toString() {
        return "AzureStorageOptions[accessTier=" + accessTier + ", customerKey=" + (customerKey == null ? "none" : "****") + ", blockSize="
                + blockSize + ", credential=" + credential + ", timeout=" + timeout + "]";
    }
}
