package io.github.embeddedbackup.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.embeddedbackup.core.BackupEngine;
import io.github.embeddedbackup.core.BackupOptions;
import io.github.embeddedbackup.core.BackupProgressListener;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.restore.BackupRestorer;
import io.github.embeddedbackup.core.source.RestoreOptions;
import io.github.embeddedbackup.core.source.files.FileTreeRestoreTarget;
import io.github.embeddedbackup.core.source.files.FileTreeSource;
import io.github.embeddedbackup.core.storage.AbstractBackupStorageContractTest;
import io.github.embeddedbackup.core.storage.BackupStorage;
import io.github.embeddedbackup.core.storage.StorageException;
import io.github.embeddedbackup.core.storage.StorageWriter;
import io.github.embeddedbackup.core.testing.GeneratedSource;
import io.github.embeddedbackup.core.verify.BackupVerifier;
import io.github.embeddedbackup.core.verify.VerifyLevel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** The storage contract and S3's own failure modes, against an in-process S3-compatible server. */
class S3BackupStorageIT extends AbstractBackupStorageContractTest {

    static S3TestServer server;
    static S3Client client;
    static String bucket;
    static final AtomicInteger counter = new AtomicInteger();

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = new S3TestServer();
        client = server.client();
        bucket = server.createBucket("backups");
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        server.close();
    }

    @Override
    protected BackupStorage createStorage() {
        return storage("contract-" + counter.incrementAndGet() + "/");
    }

    S3BackupStorage storage(String prefix) {
        return new S3BackupStorage(client, bucket, prefix, S3StorageOptions.defaults().withPartSize(5 * 1024 * 1024));
    }

    @Test
    void anAbortedMultipartUploadLeavesNeitherObjectNorUpload() throws Exception {
        S3BackupStorage storage = storage("abort/");
        StorageWriter writer = storage.openWriter("big");
        writer.write(new byte[11 * 1024 * 1024]); // two parts uploaded, the upload exists
        assertThat(client.listMultipartUploads(request -> request.bucket(bucket).prefix("abort/")).uploads()).hasSize(1);

        writer.abort();

        assertThat(client.listMultipartUploads(request -> request.bucket(bucket).prefix("abort/")).uploads()).isEmpty();
        assertThat(storage.list("")).isEmpty();
    }

    @Test
    void aMissingBucketIsNamed() {
        S3BackupStorage storage = new S3BackupStorage(client, "no-such-bucket", "", S3StorageOptions.defaults());
        assertThatThrownBy(() -> storage.list("")).isInstanceOf(StorageException.class)
                .hasMessageContaining("the bucket 'no-such-bucket' does not exist");
    }

    @Test
    void wrongCredentialsNameTheMissingPermissionWithoutTheSecret() {
        try (S3Client wrong = server.client("intruder", "wrong-secret-value")) {
            S3BackupStorage storage = new S3BackupStorage(wrong, bucket, "denied/", S3StorageOptions.defaults());
            assertThatThrownBy(() -> write(storage, "x", new byte[] {1}))
                    .hasMessageContaining("access denied")
                    .hasMessageContaining("s3:PutObject")
                    .hasMessageContaining("arn:aws:s3:::" + bucket + "/denied/*")
                    .hasMessageNotContaining("wrong-secret-value");
            assertThatThrownBy(() -> storage.list("")).hasMessageContaining("s3:ListBucket");
        }
    }

    @Test
    void aBackupGoesThroughS3ExactlyAsThroughAFolder() throws Exception {
        Path tree = dir.resolve("tree");
        Files.createDirectories(tree.resolve("sub"));
        Files.writeString(tree.resolve("sub/file.txt"), "through S3");
        BackupRepository repository = new BackupRepository(storage("roundtrip/"));
        GeneratedSource big = new GeneratedSource("gen", 30L * 1024 * 1024);
        Manifest manifest = new BackupEngine(repository, BackupOptions.defaults())
                .backup(List.of(new FileTreeSource("tree", tree), big), Map.of(), BackupProgressListener.NONE);

        assertThat(repository.list().backups()).extracting(Manifest::id).containsExactly(manifest.id());
        assertThat(new BackupVerifier(repository).verify(manifest.id(), VerifyLevel.CONTENT).problems()).isEmpty();
        new BackupRestorer(repository).restore(manifest.id(), "tree", new FileTreeRestoreTarget(dir.resolve("restored")), RestoreOptions.defaults());
        assertThat(dir.resolve("restored/sub/file.txt")).hasContent("through S3");
        assertThat(manifest.entries()).filteredOn(entry -> entry.path().startsWith("gen/")).singleElement()
                .satisfies(entry -> assertThat(entry.sha256()).isEqualTo(big.sha256()));
    }

    @Test
    void aSourceFailingMidUploadLeavesNothingListedAndNoUpload() {
        BackupRepository repository = new BackupRepository(storage("failing/"));
        assertThatThrownBy(() -> new BackupEngine(repository, BackupOptions.defaults())
                        .backup(List.of(new GeneratedSource("gen", 40L * 1024 * 1024, 25L * 1024 * 1024, 3)), Map.of(), BackupProgressListener.NONE))
                .hasMessageContaining("simulated source failure");
        assertThat(repository.list().backups()).isEmpty();
        assertThat(client.listObjectsV2(request -> request.bucket(bucket).prefix("failing/")).contents()).isEmpty();
        assertThat(client.listMultipartUploads(request -> request.bucket(bucket).prefix("failing/")).uploads()).isEmpty();
    }
}
