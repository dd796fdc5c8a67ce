package io.github.embeddedbackup.core.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.BackupEngine;
import io.github.embeddedbackup.core.BackupOptions;
import io.github.embeddedbackup.core.BackupProgressListener;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.storage.FilesystemBackupStorage;
import io.github.embeddedbackup.core.testing.GeneratedSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the complete backups of a folder take up, as the files on disk show it. */
class StoredBackupsTests {

    @TempDir
    Path dir;

    @Test
    void countsTheArchivesAndManifestsOfCompleteBackupsOnly() throws IOException {
        BackupRepository repository = new BackupRepository(new FilesystemBackupStorage(dir));
        assertThat(repository.stored()).isEqualTo(new StoredBackups(0, 0));
        long expected = 0;
        for (int size : new int[] {1_000, 50_000, 200_000}) {
            Manifest made = new BackupEngine(repository, BackupOptions.defaults())
                    .backup(List.of(new GeneratedSource("gen", size)), Map.of(), BackupProgressListener.NONE);
            expected += Files.size(dir.resolve(made.archive().key())) + Files.size(dir.resolve(BackupRepository.manifestKey(made.backupId())));
        }
        // An interrupted backup (an archive without its manifest) and an unfinished write take space but are no backups.
        Files.write(dir.resolve("archives/20261101T000000Z-bbbbbb.tar.zst"), new byte[4096]);
        Files.write(dir.resolve("archives/.20261101T000000Z-cccccc.tar.zst.0a0b0c0d0e0f.partial"), new byte[4096]);

        StoredBackups stored = repository.stored();

        assertThat(stored.count()).isEqualTo(3);
        assertThat(stored.bytes()).isEqualTo(expected);
    }
}
