package io.github.embeddedbackup.storage.gdrive;

import io.github.embeddedbackup.core.BackupEngine;
import io.github.embeddedbackup.core.BackupOptions;
import io.github.embeddedbackup.core.BackupProgressListener;
import io.github.embeddedbackup.core.archive.Sha256;
import io.github.embeddedbackup.core.crypto.DecryptionKeys;
import io.github.embeddedbackup.core.crypto.EncryptionSettings;
import io.github.embeddedbackup.core.crypto.SymmetricKey;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.manifest.SourceRecord;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.restore.BackupRestorer;
import io.github.embeddedbackup.core.source.RestoreOptions;
import io.github.embeddedbackup.core.source.RestoreTarget;
import io.github.embeddedbackup.core.storage.SharedClients;
import io.github.embeddedbackup.core.storage.StorageProviders;
import io.github.embeddedbackup.core.testing.GeneratedSource;
import io.github.embeddedbackup.core.verify.BackupVerifier;
import io.github.embeddedbackup.core.verify.VerifyLevel;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Run in a child JVM with a small heap: {@code backup|verify|restore rootUrl tokenUrl folderId [size]}. Backs up
 * {@code size} bytes of generated data encrypted into a Drive folder (default 8 MB chunks), verifies it, or restores it into a hash.
 */
public final class DriveBoundedMemoryMain {

    static final byte[] KEY = new byte[32];

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Map<String, String> settings = Map.of("root-url", args[1], "token-url", args[2], "folder-id", args[3], "prefix", "big",
                "client-id", FakeDriveServer.CLIENT_ID, "client-secret", FakeDriveServer.CLIENT_SECRET, "refresh-token", FakeDriveServer.REFRESH_TOKEN);
        BackupRepository repository = new BackupRepository(StorageProviders.installed().open("gdrive", settings, SharedClients.none()));
        SymmetricKey key = new SymmetricKey(KEY);
        switch (mode) {
            case "backup" -> {
                Manifest manifest = new BackupEngine(repository, BackupOptions.defaults()
                                .withEncryption(EncryptionSettings.of(null, List.of(key), List.of())))
                        .backup(List.of(new GeneratedSource("gen", Long.parseLong(args[4]))), Map.of(), BackupProgressListener.NONE);
                System.out.println("id=" + manifest.id());
                System.out.println("sha256=" + manifest.entries().get(0).sha256());
            }
            case "verify" -> System.out.println("problems=" + new BackupVerifier(repository, DecryptionKeys.of(null, List.of(key), List.of()))
                    .verify("latest", VerifyLevel.CONTENT).problems());
            case "restore" -> {
                HashingTarget target = new HashingTarget();
                new BackupRestorer(repository, DecryptionKeys.of(null, List.of(key), List.of())).restore("latest", null, target, RestoreOptions.defaults());
                System.out.println("restored=" + target.sha256);
            }
            default -> throw new IllegalArgumentException(mode);
        }
        System.out.println("maxHeap=" + Runtime.getRuntime().maxMemory());
    }

    /** Restores into a SHA-256: the whole read path (Drive, decrypt, decompress, verified entry) without a database. */
    static final class HashingTarget implements RestoreTarget {
        String sha256;

        @Override
        public String describe() {
            return "sha256";
        }

        @Override
        public boolean accepts(SourceRecord source) {
            return true;
        }

        @Override
        public void check(SourceRecord source, RestoreOptions options) {}

        @Override
        public void restore(SourceRecord source, InputStream entry, RestoreOptions options) throws java.io.IOException {
            MessageDigest digest = Sha256.newDigest();
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = entry.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
            }
            sha256 = HexFormat.of().formatHex(digest.digest());
        }
    }
}
