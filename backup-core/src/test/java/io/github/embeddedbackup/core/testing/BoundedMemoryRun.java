package io.github.embeddedbackup.core.testing;

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
import io.github.embeddedbackup.core.verify.BackupVerifier;
import io.github.embeddedbackup.core.verify.VerifyLevel;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * One step of a bounded-memory test, run by a storage module's main in a child JVM with a small heap:
 * {@code backup} (generated data, encrypted), {@code verify} (content) or {@code restore} (into a
 * SHA-256). Prints {@code sha256=}, {@code problems=}, {@code restored=} and {@code maxHeap=} for the
 * test to compare. The storage module only says how to open its repository.
 */
public final class BoundedMemoryRun {

    private static final SymmetricKey KEY = new SymmetricKey(new byte[32]);

    private BoundedMemoryRun() {}

    /** @param size the bytes to back up; used by {@code backup} only */
    public static void run(String mode, BackupRepository repository, long size) throws Exception {
        switch (mode) {
            case "backup" -> {
                Manifest manifest = new BackupEngine(repository, BackupOptions.defaults()
                                .withEncryption(EncryptionSettings.of(null, List.of(KEY), List.of())))
                        .backup(List.of(new GeneratedSource("gen", size)), Map.of(), BackupProgressListener.NONE);
                System.out.println("id=" + manifest.id());
                System.out.println("sha256=" + manifest.entries().get(0).sha256());
            }
            case "verify" -> System.out.println("problems=" + new BackupVerifier(repository, DecryptionKeys.of(null, List.of(KEY), List.of()))
                    .verify("latest", VerifyLevel.CONTENT).problems());
            case "restore" -> {
                HashingTarget target = new HashingTarget();
                new BackupRestorer(repository, DecryptionKeys.of(null, List.of(KEY), List.of())).restore("latest", null, target,
                        RestoreOptions.defaults());
                System.out.println("restored=" + target.sha256);
            }
            default -> throw new IllegalArgumentException(mode);
        }
        System.out.println("maxHeap=" + Runtime.getRuntime().maxMemory());
    }

    /** Restores into a SHA-256: the whole read path (storage, decrypt, decompress, verified entry) without a database. */
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
