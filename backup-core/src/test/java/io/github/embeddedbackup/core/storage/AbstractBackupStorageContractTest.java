package io.github.embeddedbackup.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.embeddedbackup.core.archive.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link BackupStorage} keeps. A backend's test extends this and says how to make
 * a fresh, empty storage. Cases follow the SPI's Javadoc.
 */
public abstract class AbstractBackupStorageContractTest {

    /** A new storage with nothing in it. */
    protected abstract BackupStorage createStorage() throws Exception;

    /** An object size that crosses the backend's multipart threshold at least twice. */
    protected long largeObjectSize() {
        return 20L * 1024 * 1024 + 123;
    }

    /** How many keys the listing test writes; must exceed one listing page (1,000 on S3 and GCS). */
    protected int manyKeys() {
        return 1100;
    }

    @Test
    void emptyAndOneByteObjectsRoundTrip() throws Exception {
        BackupStorage storage = createStorage();
        write(storage, "a/empty", new byte[0]);
        write(storage, "a/one", new byte[] {42});

        assertThat(read(storage, "a/empty")).isEmpty();
        assertThat(read(storage, "a/one")).containsExactly(42);
        assertThat(storage.stat("a/empty")).get().extracting(ObjectInfo::size).isEqualTo(0L);
        assertThat(storage.stat("a/one")).get().extracting(ObjectInfo::size).isEqualTo(1L);
    }

    @Test
    void bytesWrittenOneAtATimeArrive() throws Exception {
        BackupStorage storage = createStorage();
        try (StorageWriter writer = storage.openWriter("a/bytes")) {
            writer.write(1); // StorageWriter.write(int) goes through the backend's array write
            writer.write(new byte[] {2, 3});
            writer.write(255);
        }
        assertThat(read(storage, "a/bytes")).containsExactly(1, 2, 3, 255);
    }

    @Test
    void largeObjectsRoundTripByHash() throws Exception {
        BackupStorage storage = createStorage();
        long size = largeObjectSize();
        MessageDigest written = Sha256.newDigest();
        try (StorageWriter writer = storage.openWriter("big/object")) {
            Random random = new Random(7);
            byte[] chunk = new byte[1 << 20];
            for (long left = size; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                int n = (int) Math.min(chunk.length, left);
                writer.write(chunk, 0, n);
                written.update(chunk, 0, n);
            }
        }
        MessageDigest read = Sha256.newDigest();
        long count = 0;
        try (InputStream in = storage.openReader("big/object")) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                read.update(buffer, 0, n);
                count += n;
            }
        }
        assertThat(count).isEqualTo(size);
        assertThat(HexFormat.of().formatHex(read.digest())).isEqualTo(HexFormat.of().formatHex(written.digest()));
        assertThat(storage.stat("big/object")).get().extracting(ObjectInfo::size).isEqualTo(size);
    }

    @Test
    void listReturnsEveryKeyUnderThePrefixInOrderAcrossPages() throws Exception {
        BackupStorage storage = createStorage();
        int count = manyKeys();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String key = String.format("many/%05d", i);
                writes.add(pool.submit(() -> {
                    write(storage, key, new byte[] {1});
                    return null;
                }));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        } finally {
            pool.shutdown();
        }
        write(storage, "manyother/x", new byte[] {1});

        List<ObjectInfo> listed = storage.list("many/");
        assertThat(listed).hasSize(count);
        assertThat(listed.get(0).key()).isEqualTo("many/00000");
        assertThat(listed.get(count - 1).key()).isEqualTo(String.format("many/%05d", count - 1));
        assertThat(storage.list("nothing/")).isEmpty();
    }

    @Test
    void aMissingKeyIsNotFound() throws Exception {
        BackupStorage storage = createStorage();
        assertThatThrownBy(() -> storage.openReader("no/such/key")).isInstanceOf(ObjectNotFoundException.class)
                .hasMessageContaining("no/such/key");
        assertThat(storage.stat("no/such/key")).isEmpty();
    }

    @Test
    void deleteIsIdempotent() throws Exception {
        BackupStorage storage = createStorage();
        write(storage, "d/x", new byte[] {1, 2});
        storage.delete("d/x");
        storage.delete("d/x");
        storage.delete("d/never-existed");
        assertThat(storage.stat("d/x")).isEmpty();
        assertThat(storage.list("d/")).isEmpty();
    }

    @Test
    void abortedWritesLeaveNothing() throws Exception {
        BackupStorage storage = createStorage();
        StorageWriter aborted = storage.openWriter("w/aborted");
        aborted.write(new byte[(int) Math.min(largeObjectSize(), 12 * 1024 * 1024)]);
        aborted.abort();
        aborted.abort();

        assertThat(storage.list("w/")).isEmpty();
        assertThat(storage.stat("w/aborted")).isEmpty();
        write(storage, "w/kept", new byte[] {1});
        assertThat(storage.purgeIncompleteWrites(Instant.now().plusSeconds(60))).isGreaterThanOrEqualTo(0);
        assertThat(storage.list("w/")).extracting(ObjectInfo::key).containsExactly("w/kept");
    }

    @Test
    protected void unfinishedWritesAreNotListedUntilClosed() throws Exception {
        BackupStorage storage = createStorage();
        StorageWriter open = storage.openWriter("w/open");
        open.write(new byte[1000]);

        assertThat(storage.list("w/")).isEmpty();
        assertThat(storage.stat("w/open")).isEmpty();
        open.close();
        assertThat(storage.list("w/")).extracting(ObjectInfo::key).containsExactly("w/open");
    }

    @Test
    void closingAWriterReplacesAnExistingObject() throws Exception {
        BackupStorage storage = createStorage();
        write(storage, "r/x", new byte[] {1});
        write(storage, "r/x", new byte[] {2, 3});
        assertThat(read(storage, "r/x")).containsExactly(2, 3);
    }

    @Test
    void describeNamesTheStorageWithoutSecrets() throws Exception {
        String description = createStorage().describe();
        assertThat(description).isNotBlank().doesNotContainIgnoringCase("secret").doesNotContainIgnoringCase("password");
    }

    protected static void write(BackupStorage storage, String key, byte[] data) throws IOException {
        try (StorageWriter writer = storage.openWriter(key)) {
            writer.write(data);
        }
    }

    protected static byte[] read(BackupStorage storage, String key) throws IOException {
        try (InputStream in = storage.openReader(key)) {
            return in.readAllBytes();
        }
    }
}
