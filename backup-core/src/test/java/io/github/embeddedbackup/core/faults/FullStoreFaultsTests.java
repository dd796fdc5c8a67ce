package io.github.embeddedbackup.core.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.embeddedbackup.core.BackupEngine;
import io.github.embeddedbackup.core.BackupException;
import io.github.embeddedbackup.core.BackupOptions;
import io.github.embeddedbackup.core.BackupProgressListener;
import io.github.embeddedbackup.core.crypto.DecryptionKeys;
import io.github.embeddedbackup.core.crypto.EncryptionSettings;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.source.sqlite.SqliteSource;
import io.github.embeddedbackup.core.storage.FilesystemBackupStorage;
import io.github.embeddedbackup.core.testing.FailingStorage;
import io.github.embeddedbackup.core.testing.faults.Leftovers;
import io.github.embeddedbackup.core.testing.faults.SecretScan;
import io.github.embeddedbackup.core.verify.BackupVerifier;
import io.github.embeddedbackup.core.verify.VerifyLevel;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault matrix: the storage fills up mid-backup (a store that throws {@code IOException("No space left on
 * device")} after some bytes, for any storage; the real full disk is {@code DiskFullFaultsIT} in backup-cli).
 * The backup fails naming the source and the cause, nothing is listed or left in the storage, the earlier
 * backup still verifies, and the passphrase is in neither the exception nor any stored file.
 */
@Tag("fault-matrix")
class FullStoreFaultsTests {

    static final String PASSPHRASE = "Full-Store-Passphrase-" + Long.toHexString(ThreadLocalRandom.current().nextLong());

    @TempDir
    Path dir;

    Path live;
    Path storageRoot;

    @BeforeEach
    void createDatabase() throws Exception {
        live = dir.resolve("app.db");
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + live); Statement statement = conn.createStatement()) {
            statement.execute("create table blob (id integer primary key, data blob)");
            // about 1 MB that does not compress: the store fills up long before the end
            statement.execute("with recursive n(i) as (select 1 union all select i + 1 from n where i < 250) "
                    + "insert into blob (data) select randomblob(4096) from n");
        }
        storageRoot = dir.resolve("backups");
    }

    @Test
    void storeFullMidArchive() {
        assertFullStoreFailsCleanly(128 * 1024);
    }

    @Test
    void storeFullAtTheFirstByte() {
        assertFullStoreFailsCleanly(0);
    }

    private void assertFullStoreFailsCleanly(long failAfter) {
        EncryptionSettings encryption = EncryptionSettings.of(PASSPHRASE.toCharArray(), List.of(), List.of());
        BackupOptions options = BackupOptions.defaults().withEncryption(encryption);
        BackupRepository repository = new BackupRepository(new FilesystemBackupStorage(storageRoot));
        Manifest earlier = new BackupEngine(repository, options).backup(List.of(new SqliteSource("app", live)), Map.of(),
                BackupProgressListener.NONE);
        Leftovers storage = Leftovers.snapshot(storageRoot);

        BackupRepository full = new BackupRepository(new FailingStorage(new FilesystemBackupStorage(storageRoot), failAfter));
        Throwable thrown = catchThrowable(() -> new BackupEngine(full, options).backup(List.of(new SqliteSource("app", live)), Map.of(),
                BackupProgressListener.NONE));

        assertThat(thrown).isInstanceOf(BackupException.class)
                .hasMessageContaining("source 'app'")
                .hasMessageContaining("No space left on device")
                .hasMessageContaining("Nothing was stored");
        SecretScan.of(PASSPHRASE).assertAbsentFrom(thrown);
        assertThat(repository.list().backups()).extracting(Manifest::id).containsExactly(earlier.id());
        assertThat(repository.list().problems()).isEmpty();
        storage.assertNothingNew();
        assertThat(new BackupVerifier(repository, DecryptionKeys.from(encryption)).verify(earlier.id(), VerifyLevel.CONTENT).ok())
                .as("the earlier backup still verifies").isTrue();
        Leftovers.assertNoFileContains(storageRoot, SecretScan.of(PASSPHRASE));
    }
}
