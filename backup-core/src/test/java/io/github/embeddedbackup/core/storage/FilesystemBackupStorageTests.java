package io.github.embeddedbackup.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract, on the local-folder backend. */
class FilesystemBackupStorageTests {

    @TempDir
    Path dir;

    FilesystemBackupStorage storage() {
        return new FilesystemBackupStorage(dir.resolve("root"));
    }

    @Test
    void emptyAndOneByteObjectsRoundTrip() throws IOException {
        write("a/empty", new byte[0]);
        write("a/one", new byte[] {7});

        assertThat(read("a/empty")).isEmpty();
        assertThat(read("a/one")).containsExactly(7);
        assertThat(storage().stat("a/one")).get().extracting(ObjectInfo::size).isEqualTo(1L);
    }

    @Test
    void multiMegabyteObjectRoundTripsByteForByte() throws IOException {
        byte[] data = new byte[9 * 1024 * 1024 + 17];
        new Random(1).nextBytes(data);
        write("big/object", data);
        assertThat(read("big/object")).isEqualTo(data);
    }

    @Test
    void listReturnsKeysUnderThePrefixInOrderIncludingMoreThanAThousand() throws IOException {
        for (int i = 0; i < 1200; i++) {
            write(String.format("many/%05d", i), new byte[] {1});
        }
        write("manyother/x", new byte[] {1});

        assertThat(storage().list("many/")).hasSize(1200).first().extracting(ObjectInfo::key).isEqualTo("many/00000");
        assertThat(storage().list("many")).hasSize(1201);
        assertThat(storage().list("nothing/")).isEmpty();
    }

    @Test
    void missingKeyIsNotFoundAndDeleteIsIdempotent() throws IOException {
        assertThatThrownBy(() -> storage().openReader("no/such")).isInstanceOf(ObjectNotFoundException.class).hasMessageContaining("no/such");
        assertThat(storage().stat("no/such")).isEmpty();
        write("x", new byte[] {1});
        storage().delete("x");
        storage().delete("x");
        assertThat(storage().stat("x")).isEmpty();
    }

    @Test
    void abortAndUnclosedWritesLeaveNothingListed() throws IOException {
        StorageWriter aborted = storage().openWriter("a/aborted");
        aborted.write(new byte[1000]);
        aborted.abort();
        StorageWriter open = storage().openWriter("a/open");
        open.write(new byte[1000]);

        assertThat(storage().list("")).isEmpty();
        assertThat(storage().stat("a/open")).isEmpty();
        open.close();
        assertThat(storage().list("")).extracting(ObjectInfo::key).containsExactly("a/open");
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile)).hasSize(1);
        }
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
            if (Files.isWritable(locked)) {
                return; // running as root: permissions are not enforced
            }
            assertThatThrownBy(() -> new FilesystemBackupStorage(locked).openWriter("archives/x"))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("permission denied");
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
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

    private void write(String key, byte[] data) throws IOException {
        try (StorageWriter writer = storage().openWriter(key)) {
            writer.write(data);
        }
    }

    private byte[] read(String key) throws IOException {
        try (InputStream in = storage().openReader(key)) {
            return in.readAllBytes();
        }
    }
}
