package io.github.embeddedbackup.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local storage: private file modes, and a folder it may not write to explained instead of a raw FileSystemException. */
@Tag("fault-matrix")
class FilesystemStorageFaultsTests {

    @TempDir
    Path dir;

    @Test
    void archivesAndManifestsAreReadableByTheOwnerOnly() throws Exception {
        FilesystemBackupStorage storage = new FilesystemBackupStorage(dir.resolve("backups"));
        try (OutputStream out = storage.openWriter("archives/20260101T000000Z-abcdef.tar.zst")) {
            out.write("data".getBytes(StandardCharsets.UTF_8));
        }
        try (OutputStream out = storage.openWriter("manifests/20260101T000000Z-abcdef.json")) {
            out.write("{}".getBytes(StandardCharsets.UTF_8));
        }

        for (String key : new String[] {"archives/20260101T000000Z-abcdef.tar.zst", "manifests/20260101T000000Z-abcdef.json"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("backups").resolve(key))))
                    .as(key).isEqualTo("rw-------");
        }
        for (String folder : new String[] {"", "archives", "manifests"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("backups").resolve(folder))))
                    .as("folder %s", folder).isEqualTo("rwx------");
        }
    }

    /**
     * A folder the process may not write to. Root ignores permission bits, so as root the folder is made
     * immutable (chattr +i), which binds root too; any other user gets a read-only folder (chmod 555).
     */
    @Test
    void aFolderThatIsNotWritableIsExplained() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("backups/archives"));
        boolean root = "root".equals(System.getProperty("user.name"));
        Process lock = new ProcessBuilder(root ? new String[] {"chattr", "+i", folder.toString()}
                : new String[] {"chmod", "555", folder.toString()}).inheritIO().start();
        assertThat(lock.waitFor()).as("making %s read-only", folder).isZero();
        try {
            FilesystemBackupStorage storage = new FilesystemBackupStorage(dir.resolve("backups"));
            assertThatThrownBy(() -> storage.openWriter("archives/20260101T000000Z-abcdef.tar.zst"))
                    .isInstanceOf(StorageException.class)
                    .hasMessageStartingWith("The backup folder " + folder + " is not writable: ")
                    .hasMessageContaining(root ? "the file system does not permit it" : "permission denied for user")
                    .hasMessageContaining("choose another backup folder")
                    .hasMessageNotContaining("FileSystemException");
        } finally {
            new ProcessBuilder(root ? new String[] {"chattr", "-i", folder.toString()} : new String[] {"chmod", "755", folder.toString()})
                    .inheritIO().start().waitFor();
        }
    }

    /** A hostile tester's edge: a folder where a manifest belongs must not turn its archive into an "orphan" cleanup deletes. */
    @Test
    void aFolderInPlaceOfAManifestKeepsTheArchiveAndIsNamed() throws Exception {
        FilesystemBackupStorage storage = new FilesystemBackupStorage(dir.resolve("backups"));
        io.github.embeddedbackup.core.repository.BackupRepository repository = new io.github.embeddedbackup.core.repository.BackupRepository(storage);
        io.github.embeddedbackup.core.manifest.Manifest manifest = new io.github.embeddedbackup.core.BackupEngine(repository,
                io.github.embeddedbackup.core.BackupOptions.defaults()).backup(
                java.util.List.of(new io.github.embeddedbackup.core.testing.GeneratedSource("gen", 10_000)), java.util.Map.of(),
                io.github.embeddedbackup.core.BackupProgressListener.NONE);
        String manifestKey = io.github.embeddedbackup.core.repository.BackupRepository.manifestKey(manifest.backupId());
        Path manifestFile = dir.resolve("backups").resolve(manifestKey);
        Files.delete(manifestFile);
        Files.createDirectory(manifestFile);

        assertThat(repository.removeOrphans(java.time.Duration.ZERO, java.time.Instant.now().plusSeconds(60))).isEmpty();
        assertThat(dir.resolve("backups").resolve(manifest.archive().key())).exists();
        assertThatThrownBy(() -> storage.stat(manifestKey)).isInstanceOf(StorageException.class)
                .hasMessageContaining("is a folder, not a file").hasMessageContaining(manifestKey);
    }
}
