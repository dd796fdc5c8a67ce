package io.github.embeddedbackup.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.embeddedbackup.core.testing.faults.ReadOnlyTmpfs;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract, on the local-folder backend, plus what only a folder can get wrong. */
class FilesystemBackupStorageTests extends AbstractBackupStorageContractTest {

    @TempDir
    Path dir;

    FilesystemBackupStorage storage() {
        return new FilesystemBackupStorage(dir.resolve("root"));
    }

    @Override
    protected BackupStorage createStorage() {
        return new FilesystemBackupStorage(dir.resolve("contract-" + System.nanoTime()));
    }

    @Test
    void spaceIsThatOfTheVolumeHoldingTheFolder() throws IOException {
        FilesystemBackupStorage storage = storage();
        try (var writer = storage.openWriter("a/b")) {
            writer.write(new byte[100]);
        }
        FileStore volume = Files.getFileStore(dir);

        StorageSpace space = storage.space().orElseThrow();

        assertThat(space.totalBytes()).isEqualTo(volume.getTotalSpace());
        // Other processes write to the same volume meanwhile: the same figure within 256 MB.
        assertThat(space.freeBytes()).isPositive().isLessThanOrEqualTo(space.totalBytes())
                .isCloseTo(volume.getUsableSpace(), org.assertj.core.data.Offset.offset(256L << 20));
    }

    @Test
    void spaceOfAFolderNotCreatedYetIsThatOfItsNearestParentAndCreatesNothing() throws IOException {
        Path notYet = dir.resolve("not/created/yet");
        FilesystemBackupStorage storage = new FilesystemBackupStorage(notYet);

        StorageSpace space = storage.space().orElseThrow();

        assertThat(space.totalBytes()).isEqualTo(Files.getFileStore(dir).getTotalSpace());
        assertThat(space.freeBytes()).isPositive();
        assertThat(dir.resolve("not")).as("asking for the space must not create the folder").doesNotExist();
    }

    @Test
    void keysCannotEscapeTheRoot() {
        for (String key : new String[] {"../x", "a/../../x", "/etc/passwd", "a//b", ".hidden", "a/./b", ""}) {
            assertThatThrownBy(() -> storage().openWriter(key)).as(key).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void unwritableFolderGivesAnActionableError() throws IOException {
        Path locked = dir.resolve("locked");
        Files.createDirectories(locked);
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Assumptions.assumeFalse(Files.isWritable(locked), "running as root, for whom permission bits are not enforced; "
                    + "aReadOnlyFileSystemGivesAnActionableErrorAlsoToRoot covers a folder root cannot write");
            assertThatThrownBy(() -> new FilesystemBackupStorage(locked).openWriter("archives/x"))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("permission denied");
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aReadOnlyFileSystemGivesAnActionableErrorAlsoToRoot() throws Exception {
        try (ReadOnlyTmpfs readOnly = ReadOnlyTmpfs.mount(dir.resolve("read-only"))) {
            assertThatThrownBy(() -> new FilesystemBackupStorage(readOnly.path()).openWriter("archives/x"))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining(readOnly.path().resolve("archives").toString())
                    .hasMessageContaining("read-only file system")
                    .hasMessageContaining("Mount it read-write, or choose another backup folder");
        }
    }

    @Test
    void aFileInThePlaceOfTheFolderGivesAnActionableError() throws IOException {
        Path file = dir.resolve("notafolder");
        Files.writeString(file, "x");
        assertThatThrownBy(() -> new FilesystemBackupStorage(file).openWriter("archives/x"))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("is in the way");
    }

}
