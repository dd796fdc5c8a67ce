package io.github.embeddedbackup.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.embeddedbackup.core.BackupEngine;
import io.github.embeddedbackup.core.BackupException;
import io.github.embeddedbackup.core.BackupOptions;
import io.github.embeddedbackup.core.BackupProgressListener;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.testing.GeneratedSource;
import io.github.embeddedbackup.core.verify.BackupVerifier;
import io.github.embeddedbackup.core.verify.VerifyLevel;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The connection to S3 breaks during an upload. */
class S3FaultIT {

    static S3TestServer server;
    static S3Client direct;

    @BeforeAll
    static void start() throws Exception {
        server = new S3TestServer();
        server.createBucket("faults");
        direct = server.client();
    }

    @AfterAll
    static void stop() throws Exception {
        direct.close();
        server.close();
    }

    static S3Client through(CuttingProxy proxy) {
        return S3Client.builder().endpointOverride(proxy.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED).build();
    }

    @Test
    void aServerDyingMidUploadLeavesNoBackupListed() throws Exception {
        try (CuttingProxy proxy = new CuttingProxy(server.endpoint(), 12L * 1024 * 1024, true); S3Client client = through(proxy)) {
            BackupRepository repository = new BackupRepository(new S3BackupStorage(client, "faults", "dying/",
                    S3StorageOptions.defaults().withPartSize(5 * 1024 * 1024)));

            assertThatThrownBy(() -> new BackupEngine(repository, BackupOptions.defaults())
                            .backup(List.of(new GeneratedSource("gen", 40L * 1024 * 1024)), Map.of(), BackupProgressListener.NONE))
                    .isInstanceOf(BackupException.class)
                    .hasMessageContaining("the S3 endpoint cannot be reached or the connection broke")
                    .hasMessageContaining("Nothing was stored");
            assertThat(proxy.wasCut()).isTrue();
        }
        // Seen from a working connection: no object, no manifest — only, perhaps, an unfinished upload the abort could not reach.
        S3BackupStorage storage = new S3BackupStorage(direct, "faults", "dying/", S3StorageOptions.defaults());
        assertThat(new BackupRepository(storage).list().backups()).isEmpty();
        assertThat(direct.listObjectsV2(request -> request.bucket("faults").prefix("dying/")).contents()).isEmpty();
        storage.purgeIncompleteWrites(Instant.now().plusSeconds(1));
        assertThat(direct.listMultipartUploads(request -> request.bucket("faults").prefix("dying/")).uploads())
                .as("cleanup removes what the dead connection left").isEmpty();
    }

    @Test
    void aSingleBrokenConnectionIsRetriedAndTheBackupIsSound() throws Exception {
        try (CuttingProxy proxy = new CuttingProxy(server.endpoint(), 7L * 1024 * 1024, false); S3Client client = through(proxy)) {
            BackupRepository repository = new BackupRepository(new S3BackupStorage(client, "faults", "flaky/",
                    S3StorageOptions.defaults().withPartSize(5 * 1024 * 1024)));
            GeneratedSource source = new GeneratedSource("gen", 20L * 1024 * 1024);

            Manifest manifest = new BackupEngine(repository, BackupOptions.defaults()).backup(List.of(source), Map.of(), BackupProgressListener.NONE);

            assertThat(proxy.wasCut()).isTrue();
            assertThat(new BackupVerifier(repository).verify(manifest.id(), VerifyLevel.CONTENT).problems()).isEmpty();
            assertThat(manifest.entries().get(0).sha256()).isEqualTo(source.sha256());
        }
    }
}
