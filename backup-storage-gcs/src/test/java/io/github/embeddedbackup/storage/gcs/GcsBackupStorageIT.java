package io.github.embeddedbackup.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import io.github.embeddedbackup.core.BackupEngine;
import io.github.embeddedbackup.core.BackupOptions;
import io.github.embeddedbackup.core.BackupProgressListener;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.storage.AbstractBackupStorageContractTest;
import io.github.embeddedbackup.core.storage.BackupStorage;
import io.github.embeddedbackup.core.testing.GeneratedSource;
import io.github.embeddedbackup.core.verify.BackupVerifier;
import io.github.embeddedbackup.core.verify.VerifyLevel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The storage contract on GCS, with the in-process fake from google-cloud-nio. */
class GcsBackupStorageIT extends AbstractBackupStorageContractTest {

    @Override
    protected BackupStorage createStorage() {
        // customOptions(false): an independent fake per storage (getOptions() would wipe a shared one).
        Storage storage = LocalStorageHelper.customOptions(false).getService();
        return new GcsBackupStorage(storage, "backups", "app/", null, 1024 * 1024);
    }

    /**
     * Real GCS shows an object only once its resumable upload is finalised. The in-process fake creates
     * it when the upload starts, so it cannot show this half of the contract; abort and close are
     * covered by the other contract cases.
     */
    @Override
    @Test
    protected void unfinishedWritesAreNotListedUntilClosed() {
        org.junit.jupiter.api.Assumptions.abort("LocalStorageHelper creates an object when an upload starts; real GCS does not");
    }

    @Test
    void aBackupGoesThroughGcsAndVerifies() {
        BackupRepository repository = new BackupRepository(createStorage());
        GeneratedSource source = new GeneratedSource("gen", 12L * 1024 * 1024);

        Manifest manifest = new BackupEngine(repository, BackupOptions.defaults()).backup(List.of(source), Map.of(), BackupProgressListener.NONE);

        assertThat(repository.list().backups()).extracting(Manifest::id).containsExactly(manifest.id());
        assertThat(new BackupVerifier(repository).verify(manifest.id(), VerifyLevel.CONTENT).problems()).isEmpty();
        assertThat(manifest.entries().get(0).sha256()).isEqualTo(source.sha256());
        assertThat(repository.storage().describe()).isEqualTo("gs://backups/app/");
    }
}
