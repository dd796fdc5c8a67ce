package io.github.embeddedbackup.storage.gdrive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.embeddedbackup.core.storage.AbstractBackupStorageContractTest;
import io.github.embeddedbackup.core.storage.BackupStorage;
import io.github.embeddedbackup.core.storage.ObjectInfo;
import io.github.embeddedbackup.core.storage.SharedClients;
import io.github.embeddedbackup.core.storage.StorageException;
import io.github.embeddedbackup.core.storage.StorageProviders;
import io.github.embeddedbackup.core.storage.StorageWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract, and Drive's own ways to fail, against the local Drive v3 server through the gdrive provider. */
class GoogleDriveBackupStorageIT extends AbstractBackupStorageContractTest {

    static FakeDriveServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws IOException {
        server = FakeDriveServer.start();
        server.maxPageSize(100); // pages as short as Drive may answer them: the listing tests cross several
    }

    /** Three pages of the server's 100, instead of the contract's 1,100 uploads. */
    @Override
    protected int manyKeys() {
        return 250;
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Override
    protected BackupStorage createStorage() {
        return storage(server, server.createFolder("contract"), Map.of());
    }

    /** A storage through the provider, prefix app/, 1 MB chunks, fast retries. */
    static BackupStorage storage(FakeDriveServer on, String folder, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(on.settings(folder));
        settings.put("prefix", "app");
        settings.put("chunk-size", "1MB");
        settings.putAll(extra);
        return StorageProviders.installed().open("gdrive", settings, SharedClients.none());
    }

    @Test
    void anAbortedUploadCancelsItsSessionAndLeavesNoFile() throws Exception {
        String folder = server.createFolder("abort");
        BackupStorage storage = storage(server, folder, Map.of());
        StorageWriter writer = storage.openWriter("archives/x");
        writer.write(new byte[3 * 1024 * 1024 + 5]); // two chunks sent, the third buffered
        assertThat(server.openUploadSessions()).isEqualTo(1);

        writer.abort();

        assertThat(server.openUploadSessions()).isZero();
        assertThat(server.fileNames(folder)).isEmpty();
        assertThat(storage.list("")).isEmpty();
        assertThat(storage.incompleteWrites()).isEmpty();
    }

    @Test
    void anUploadCutByAServerThatDiedIsNeverListedByTheNextServer() throws Exception {
        Path data = dir.resolve("drive");
        String folder;
        try (FakeDriveServer first = FakeDriveServer.start(data)) {
            folder = first.createFolder("killed");
            BackupStorage storage = storage(first, folder, Map.of("max-attempts", "2"));
            write(storage, "kept", "before".getBytes(StandardCharsets.UTF_8));
            StorageWriter writer = storage.openWriter("archives/cut");
            writer.write(new byte[2 * 1024 * 1024 + 1]); // two chunks are on the server
            first.kill();
            assertThatThrownBy(() -> {
                writer.write(new byte[1024 * 1024]);
                writer.close();
            }).isInstanceOf(IOException.class).hasMessageContaining("cannot be reached").hasMessageContaining("archives/cut");
            writer.abort();
        }
        try (FakeDriveServer second = FakeDriveServer.start(data)) {
            BackupStorage storage = storage(second, folder, Map.of());
            assertThat(storage.list("")).extracting(ObjectInfo::key).containsExactly("kept");
            assertThat(storage.stat("archives/cut")).isEmpty();
            assertThat(second.fileNames(folder)).containsExactly("app/kept");
        }
    }

    @Test
    void anExpiredUploadSessionFailsTheWriteSayingSoAndLeavesNothing() throws Exception {
        String folder = server.createFolder("expired");
        BackupStorage storage = storage(server, folder, Map.of());
        StorageWriter writer = storage.openWriter("archives/late");
        writer.write(new byte[1024 * 1024 + 1]); // one chunk sent
        server.expireUploadSessions();
        assertThatThrownBy(() -> {
            writer.write(new byte[1024 * 1024]);
            writer.close();
        }).isInstanceOf(IOException.class).hasMessageContaining("no longer knows its upload session").hasMessageContaining("archives/late");
        assertThat(storage.list("")).isEmpty();
        assertThat(server.fileNames(folder)).isEmpty();
    }

    @Test
    void rateLimitsAndServerErrorsAreRetried() throws Exception {
        BackupStorage storage = storage(server, server.createFolder("limits"), Map.of());
        server.failNext(429, "rateLimitExceeded", 2);
        write(storage, "a", new byte[] {1, 2, 3});
        server.failNext(403, "userRateLimitExceeded", 1);
        assertThat(read(storage, "a")).containsExactly(1, 2, 3);

        StorageWriter writer = storage.openWriter("b");
        server.failNext(503, "backendError", 1); // lands on the first chunk: Drive is asked what it kept, the chunk is sent again
        byte[] data = new byte[2 * 1024 * 1024 + 77];
        new Random(3).nextBytes(data);
        try (writer) {
            writer.write(data);
        }
        assertThat(sha256(read(storage, "b"))).isEqualTo(sha256(data));
        assertThat(server.requestCount("PUT /upload")).as("chunks, one resent, and a status query").isGreaterThanOrEqualTo(5);
    }

    @Test
    void aRefusedRequestIsNotRetried() {
        BackupStorage storage = storage(server, server.createFolder("refused"), Map.of());
        int before = server.requestCount("GET /drive/v3/files");
        server.failNext(400, "invalid", 1);
        assertThatThrownBy(() -> storage.list("")).isInstanceOf(StorageException.class).hasMessageContaining("400");
        assertThat(server.requestCount("GET /drive/v3/files") - before).isEqualTo(1);
    }

    @Test
    void aServiceAccountWithoutAQuotaIsToldToUseASharedDrive() {
        BackupStorage storage = storage(server, server.createFolder("quota"), Map.of());
        server.quotaExceededForServiceAccounts(true);
        try {
            assertThatThrownBy(() -> storage.openWriter("x")).isInstanceOf(StorageException.class)
                    .hasMessageContaining("service account has no storage quota of its own")
                    .hasMessageContaining("Shared Drive").hasMessageContaining("Content manager")
                    .hasMessageContaining("client-id, client-secret, refresh-token");
        } finally {
            server.quotaExceededForServiceAccounts(false);
        }
    }

    @Test
    void refusalsThatNoRetryFixesSayWhatToDo() {
        BackupStorage storage = storage(server, server.createFolder("limits"), Map.of("max-attempts", "2"));
        // Drive's 750 GB a day upload limit answers as a rate limit: after the retries, the message names the daily limit.
        server.failNext(403, "userRateLimitExceeded", 2);
        assertThatThrownBy(() -> storage.openWriter("a")).isInstanceOf(StorageException.class).hasMessageContaining("750 GB")
                .hasMessageContaining("24 hours");
        server.failNext(403, "teamDriveFileLimitExceeded", 1);
        assertThatThrownBy(() -> storage.openWriter("b")).isInstanceOf(StorageException.class)
                .hasMessageContaining("as many items as Google Drive allows");
        server.failNext(403, "accessNotConfigured", 1);
        assertThatThrownBy(() -> storage.list("")).isInstanceOf(StorageException.class)
                .hasMessageContaining("the Google Drive API is not enabled");
        server.failNext(403, "storageQuotaExceeded", 1);
        assertThatThrownBy(() -> storage.openWriter("c")).isInstanceOf(StorageException.class).hasMessageContaining("is full");
    }

    @Test
    void aFolderThatIsNotThereOrNotSharedIsNamed() {
        BackupStorage storage = storage(server, "1NoSuchFolderId", Map.of());
        assertThatThrownBy(() -> storage.list("")).isInstanceOf(StorageException.class)
                .hasMessageContaining("'1NoSuchFolderId'").hasMessageContaining("share the folder");
        assertThatThrownBy(storage::requireExisting).hasMessageContaining("'1NoSuchFolderId'");
        assertThatThrownBy(() -> storage.openWriter("x")).hasMessageContaining("'1NoSuchFolderId'");
    }

    @Test
    void aRevokedRefreshTokenNamesTheSettingAndNotTheToken() {
        BackupStorage storage = storage(server, server.createFolder("revoked"), Map.of("refresh-token", "1//revoked-token-value"));
        assertThatThrownBy(() -> storage.list("")).isInstanceOf(StorageException.class)
                .hasMessageContaining("refresh-token").hasMessageContaining("invalid_grant")
                .hasMessageNotContaining("1//revoked-token-value").hasMessageNotContaining(FakeDriveServer.CLIENT_SECRET);
    }

    @Test
    void anUnreachableTokenEndpointIsNamed() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        BackupStorage storage = storage(server, server.createFolder("no-token"), Map.of("token-url", "http://127.0.0.1:" + closedPort + "/token"));
        assertThatThrownBy(() -> storage.list("")).isInstanceOf(StorageException.class)
                .hasMessageContaining("token endpoint cannot be reached").hasMessageContaining("token-url");
    }

    @Test
    void theNewestOfSeveralFilesOfOneNameIsReadAndTheOthersAreReportedAndPurged() throws Exception {
        String folder = server.createFolder("duplicates");
        BackupStorage storage = storage(server, folder, Map.of());
        server.putFile(folder, "app/dup/x", "older".getBytes(StandardCharsets.UTF_8));
        server.putFile(folder, "app/dup/x", "newer".getBytes(StandardCharsets.UTF_8));

        assertThat(new String(read(storage, "dup/x"), StandardCharsets.UTF_8)).isEqualTo("newer");
        assertThat(storage.stat("dup/x")).get().extracting(ObjectInfo::size).isEqualTo(5L);
        assertThat(storage.list("dup/")).extracting(ObjectInfo::key).containsExactly("dup/x");
        assertThat(storage.incompleteWrites()).extracting(ObjectInfo::key).containsExactly("duplicate: app/dup/x");

        assertThat(storage.purgeIncompleteWrites(Instant.now())).isEqualTo(1);
        assertThat(server.fileNames(folder)).containsExactly("app/dup/x");
        assertThat(new String(read(storage, "dup/x"), StandardCharsets.UTF_8)).isEqualTo("newer");
    }

    @Test
    void writingAKeyAgainLeavesOneFileOfThatName() throws Exception {
        String folder = server.createFolder("rewrite");
        BackupStorage storage = storage(server, folder, Map.of());
        write(storage, "m/x", new byte[] {1});
        write(storage, "m/x", new byte[] {2});
        assertThat(server.fileNames(folder)).containsExactly("app/m/x");
        assertThat(read(storage, "m/x")).containsExactly(2);
        storage.delete("m/x");
        assertThat(server.fileNames(folder)).isEmpty();
    }

    @Test
    void aStagedFileLeftByACrashIsReportedNotListedAndPurged() throws Exception {
        String folder = server.createFolder("staged");
        BackupStorage storage = storage(server, folder, Map.of());
        server.putFile(folder, "app/.partial/archives/y.1a2b3c4d", new byte[10]);
        write(storage, "archives/z", new byte[] {1});

        assertThat(storage.list("")).extracting(ObjectInfo::key).containsExactly("archives/z");
        assertThat(storage.incompleteWrites()).extracting(ObjectInfo::key).containsExactly("app/.partial/archives/y.1a2b3c4d");
        assertThat(storage.purgeIncompleteWrites(Instant.now().minusSeconds(3600))).as("younger than the cutoff: kept").isZero();
        assertThat(storage.purgeIncompleteWrites(Instant.now().plusSeconds(1))).isEqualTo(1);
        assertThat(server.fileNames(folder)).containsExactly("app/archives/z");
    }

    @Test
    void whereAPermanentDeleteIsRefusedTheFileGoesToTheTrashAndIsNotListed() throws Exception {
        String folder = server.createFolder("content-manager");
        BackupStorage storage = storage(server, folder, Map.of());
        write(storage, "old", new byte[] {1});
        server.permanentDeleteForbidden(true);
        try {
            storage.delete("old");
            write(storage, "again", new byte[] {1});
            write(storage, "again", new byte[] {2});
        } finally {
            server.permanentDeleteForbidden(false);
        }
        assertThat(storage.list("")).extracting(ObjectInfo::key).containsExactly("again");
        assertThat(storage.stat("old")).isEmpty();
        assertThat(read(storage, "again")).containsExactly(2);
        assertThat(server.fileNames(folder)).containsExactly("app/again");
        assertThat(server.trashedNames(folder)).containsExactly("app/again", "app/old");
    }

    static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
