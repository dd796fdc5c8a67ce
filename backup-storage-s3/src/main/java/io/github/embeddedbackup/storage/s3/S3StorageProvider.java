package io.github.embeddedbackup.storage.s3;

import io.github.embeddedbackup.core.storage.BackupStorage;
import io.github.embeddedbackup.core.storage.InvalidStorageSettingException;
import io.github.embeddedbackup.core.storage.StorageProvider;
import io.github.embeddedbackup.core.storage.StorageSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * {@code s3}: {@code s3://bucket/prefix} on AWS or any S3-compatible store. Credentials come from the
 * SDK's default chain (environment, profiles, instance roles) and are never read here. An
 * {@code S3Client} of the host application is reused unless a setting shapes the client
 * ({@code endpoint}, {@code region}, {@code path-style}, {@code attempt-timeout}).
 */
public final class S3StorageProvider implements StorageProvider {

    static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    static final long MAX_PART_SIZE = 2047L * 1024 * 1024; // one part is held in memory, in an int-sized buffer
    static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofMinutes(5);
    private static final Set<String> CLIENT_SETTINGS = Set.of("endpoint", "region", "path-style", "attempt-timeout");

    @Override
    public String type() {
        return "s3";
    }

    @Override
    public List<String> schemes() {
        return List.of("s3");
    }

    @Override
    public List<String> examples() {
        return List.of("s3://bucket/prefix");
    }

    @Override
    public Set<String> settingNames() {
        return Set.of("bucket", "prefix", "endpoint", "region", "path-style", "storage-class", "server-side-encryption", "kms-key-id",
                "part-size", "attempt-timeout");
    }

    @Override
    public Map<String, String> settingsFromUri(String uri) {
        return StorageSettings.bucketAndPrefix(uri, "s3", "s3");
    }

    @Override
    public BackupStorage open(StorageSettings settings) {
        String bucket = settings.required("bucket", "my-backups (with prefix my-service/)");
        long partSize = settings.bytes("part-size", S3StorageOptions.DEFAULT_PART_SIZE, 1, Long.MAX_VALUE);
        if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
            // Checked here, before the int the storage takes: 3GB would otherwise wrap to a negative number.
            throw new InvalidStorageSettingException("s3", "part-size", "the S3 part size must be between 5MB (S3's minimum) and 2047MB "
                    + "(one part is held in memory), but was " + StorageSettings.human(partSize) + ".", "use e.g. 16MB (the default)");
        }
        S3StorageOptions options;
        try {
            options = new S3StorageOptions((int) partSize, settings.get("storage-class"), settings.get("server-side-encryption"),
                    settings.get("kms-key-id"), null);
        } catch (IllegalArgumentException e) {
            // The part size is checked above; what is left is the server-side encryption.
            throw new InvalidStorageSettingException("s3", "server-side-encryption", e.getMessage() + ".",
                    "use AES256 or aws:kms, or leave it unset for the bucket's default");
        }
        return new S3BackupStorage(client(settings), bucket, settings.get("prefix", ""), options);
    }

    private static S3Client client(StorageSettings settings) {
        boolean shaped = CLIENT_SETTINGS.stream().anyMatch(name -> settings.get(name) != null);
        Optional<S3Client> shared = shaped ? Optional.empty() : settings.shared().find(S3Client.class);
        return shared.orElseGet(() -> build(settings));
    }

    private static S3Client build(StorageSettings settings) {
        Duration timeout = settings.duration("attempt-timeout", DEFAULT_ATTEMPT_TIMEOUT);
        S3ClientBuilder builder = S3Client.builder().region(region(settings)).forcePathStyle(settings.bool("path-style", false))
                .overrideConfiguration(config -> config.apiCallAttemptTimeout(timeout));
        String endpoint = settings.get("endpoint");
        if (endpoint != null) {
            URI uri;
            try {
                uri = URI.create(endpoint);
            } catch (IllegalArgumentException e) {
                throw new InvalidStorageSettingException("s3", "endpoint", "'" + endpoint + "' is not a URL.", "write it like https://minio.example:9000");
            }
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new InvalidStorageSettingException("s3", "endpoint", "'" + endpoint + "' has no http:// or https:// and host.",
                        "write it like https://minio.example:9000");
            }
            // Many S3-compatible stores reject the SDK's newer default checksum headers; send them only where required.
            builder.endpointOverride(uri)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return builder.build();
    }

    /** The setting, else AWS_REGION or the AWS config, else us-east-1 (where a bucket name is resolved globally). */
    private static Region region(StorageSettings settings) {
        String region = settings.get("region");
        if (region != null) {
            return Region.of(region);
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            return Region.US_EAST_1;
        }
    }
}
