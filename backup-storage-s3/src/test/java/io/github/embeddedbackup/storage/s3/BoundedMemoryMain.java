package io.github.embeddedbackup.storage.s3;

import io.github.embeddedbackup.core.repository.BackupRepository;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import io.github.embeddedbackup.core.testing.BoundedMemoryRun;

/**
 * Run in a child JVM with a small heap: {@code backup|verify|restore endpoint bucket [size]}: one step of
 * {@link BoundedMemoryRun} into S3.
 */
public final class BoundedMemoryMain {

    public static void main(String[] args) throws Exception {
        try (S3Client client = S3Client.builder().endpointOverride(URI.create(args[1])).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED).build()) {
            BackupRepository repository = new BackupRepository(new S3BackupStorage(client, args[2], "big/", S3StorageOptions.defaults()));
            BoundedMemoryRun.run(args[0], repository, args.length > 3 ? Long.parseLong(args[3]) : 0);
        }
    }
}
