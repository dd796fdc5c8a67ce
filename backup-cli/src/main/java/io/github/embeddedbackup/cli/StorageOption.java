package io.github.embeddedbackup.cli;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.storage.BackupStorage;
import io.github.embeddedbackup.core.storage.FilesystemBackupStorage;
import io.github.embeddedbackup.storage.gcs.GcsBackupStorage;
import io.github.embeddedbackup.storage.s3.S3BackupStorage;
import io.github.embeddedbackup.storage.s3.S3StorageOptions;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** The {@code --storage} option shared by every command, with the S3 settings. */
final class StorageOption {

    @Option(names = "--storage", required = true, paramLabel = "URI",
            description = "Where backups are kept: file:<folder>, s3://bucket/prefix or gs://bucket/prefix.")
    String storage;

    @Option(names = "--s3-endpoint", paramLabel = "URL", description = "An S3-compatible endpoint (MinIO, B2, R2, Wasabi …).")
    @Nullable String s3Endpoint;

    @Option(names = "--s3-path-style", description = "Address the bucket in the path (most S3-compatible stores need it).")
    boolean s3PathStyle;

    @Option(names = "--s3-region", paramLabel = "REGION", description = "The bucket's region (default: AWS_REGION, the AWS config, or us-east-1).")
    @Nullable String s3Region;

    @Option(names = "--s3-storage-class", paramLabel = "CLASS", description = "e.g. STANDARD_IA or GLACIER_IR for new backups.")
    @Nullable String s3StorageClass;

    @Option(names = "--s3-sse", paramLabel = "AES256|aws:kms", description = "Server-side encryption of new backups.")
    @Nullable String s3Sse;

    @Option(names = "--s3-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "How long one S3 request may take before it is retried or fails (default: ${DEFAULT-VALUE}).")
    int s3TimeoutSeconds;

    static final String FORMS = "file:<folder> (e.g. file:/var/backups/shop or file:///var/backups/shop), a plain folder path, "
            + "s3://bucket/prefix or gs://bucket/prefix";

    /** The repository for a command that writes new backups: a missing folder is created on the first write. */
    BackupRepository repository() {
        return new BackupRepository(storage());
    }

    /** The repository for a command that reads backups: a local folder must already exist. */
    BackupRepository existingRepository() {
        BackupStorage opened = storage();
        if (opened instanceof FilesystemBackupStorage local) {
            Path root = local.root();
            if (!Files.exists(root)) {
                throw new BackupConfigurationException("The storage folder " + root.toAbsolutePath() + " does not exist. Check --storage "
                        + "(it must name the folder that backups were written to).");
            }
            if (!Files.isDirectory(root)) {
                throw new BackupConfigurationException("The storage " + root.toAbsolutePath() + " is a file, not a folder. Give --storage "
                        + "the folder that backups were written to.");
            }
        }
        return new BackupRepository(opened);
    }

    BackupStorage storage() {
        String value = storage.trim();
        if (value.startsWith("s3://")) {
            Location location = Location.parse(value, "s3");
            return new S3BackupStorage(s3Client(), location.bucket(), location.prefix(),
                    new S3StorageOptions(S3StorageOptions.DEFAULT_PART_SIZE, s3StorageClass, s3Sse, null, null));
        }
        if (value.startsWith("gs://")) {
            Location location = Location.parse(value, "gs");
            // Google's default credentials: GOOGLE_APPLICATION_CREDENTIALS, gcloud's login, or the metadata server; checked up front.
            return new GcsBackupStorage(GcsBackupStorage.defaultClient(), location.bucket(), location.prefix());
        }
        return parse(value);
    }

    private S3Client s3Client() {
        // Credentials: the SDK's default chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, profiles, instance roles); never read here.
        S3ClientBuilder builder = S3Client.builder().region(region()).forcePathStyle(s3PathStyle)
                .overrideConfiguration(config -> config.apiCallAttemptTimeout(java.time.Duration.ofSeconds(s3TimeoutSeconds)));
        if (s3Endpoint != null) {
            // Many S3-compatible stores reject the SDK's newer default checksum headers; send them only where required.
            builder.endpointOverride(URI.create(s3Endpoint))
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return builder.build();
    }

    private Region region() {
        if (s3Region != null) {
            return Region.of(s3Region);
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            return Region.US_EAST_1;
        }
    }

    /** A local folder: {@code file:<folder>}, {@code file:///abs} or a plain path; anything else that looks like a URI is refused. */
    static BackupStorage parse(String uri) {
        String value = uri.trim();
        if (value.startsWith("file://")) {
            value = value.substring("file://".length());
            if (!value.startsWith("/")) {
                throw new BackupConfigurationException("Storage '" + uri + "' names a host or a relative path after file://. Write "
                        + "file:///absolute/folder or file:relative/folder. Accepted forms: " + FORMS + ".");
            }
        } else if (value.startsWith("file:")) {
            value = value.substring("file:".length());
        } else if (SCHEME.matcher(value).find() && !WINDOWS_DRIVE.matcher(value).find()) {
            throw new BackupConfigurationException("Unknown storage '" + uri + "'" + suggestion(value) + ". Accepted forms: " + FORMS
                    + ". (A folder whose name contains ':' can be given as file:<folder>.)");
        }
        java.util.regex.Matcher missingColon = MISSING_COLON.matcher(value);
        if (missingColon.find()) {
            String scheme = missingColon.group(1).toLowerCase(java.util.Locale.ROOT);
            String rest = value.substring(missingColon.end());
            throw new BackupConfigurationException("Storage '" + uri + "' looks like a URI without its ':' (did you mean "
                    + corrected(scheme, rest)
                    + "?). Accepted forms: " + FORMS + ". (A local folder with that name can be given as file:" + value + ".)");
        }
        if (value.isEmpty()) {
            throw new BackupConfigurationException("--storage names no folder. Accepted forms: " + FORMS + ".");
        }
        return new FilesystemBackupStorage(Paths.get(value));
    }

    private static final java.util.regex.Pattern SCHEME = java.util.regex.Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
    /** {@code file//x}, {@code s3//bucket}: a scheme whose ':' was lost, taken for a folder name otherwise. */
    private static final java.util.regex.Pattern MISSING_COLON = java.util.regex.Pattern.compile("^(file|s3|gs|gcs)//+",
            java.util.regex.Pattern.CASE_INSENSITIVE);
    private static final java.util.regex.Pattern WINDOWS_DRIVE = java.util.regex.Pattern.compile("^[a-zA-Z]:[\\\\/]");

    /** What {@code scheme} with {@code rest} was meant to be: file:/rest, gs://rest (for gcs too), s3://rest. */
    private static String corrected(String scheme, String rest) {
        return scheme.equals("file") ? "file:/" + rest : (scheme.equals("gcs") ? "gs" : scheme) + "://" + rest;
    }

    private static String suggestion(String value) {
        String lower = value.toLowerCase(java.util.Locale.ROOT);
        for (String scheme : new String[] {"s3", "gs", "gcs", "file"}) {
            if (lower.startsWith(scheme + ":") && !lower.startsWith(scheme + "://")) {
                String rest = value.substring(scheme.length() + 1).replaceFirst("^/+", "");
                return " (did you mean " + corrected(scheme, rest) + "?)";
            }
        }
        return lower.startsWith("gcs://") ? " (did you mean gs://" + value.substring(6) + "?)" : "";
    }

    /** {@code scheme://bucket/prefix}. */
    private record Location(String bucket, String prefix) {
        static Location parse(String uri, String scheme) {
            String rest = uri.substring(scheme.length() + 3);
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String prefix = slash < 0 ? "" : rest.substring(slash + 1);
            if (bucket.isEmpty()) {
                throw new BackupConfigurationException("'" + uri + "' names no bucket. Write " + scheme + "://bucket/prefix.");
            }
            return new Location(bucket, prefix);
        }
    }
}
