package io.github.embeddedbackup.storage.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.blob.BlobContainerClient;
import io.github.embeddedbackup.core.storage.AbstractBackupStorageContractTest;
import io.github.embeddedbackup.core.storage.BackupStorage;
import io.github.embeddedbackup.core.storage.StorageWriter;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The storage contract on Azurite, with 1 MB blocks so that the large object takes many blocks. */
class AzureBlobBackupStorageIT extends AbstractBackupStorageContractTest {

    static AzuriteServer azurite;
    static final AtomicInteger containers = new AtomicInteger();

    @BeforeAll
    static void start() {
        azurite = AzuriteServer.start();
    }

    @AfterAll
    static void stop() {
        if (azurite != null) {
            azurite.close();
        }
    }

    @Override
    protected BackupStorage createStorage() {
        String name = "contract-" + containers.incrementAndGet();
        azurite.createContainer(name);
        BlobContainerClient container = azurite.client().getBlobContainerClient(name);
        return new AzureBlobBackupStorage(container, "app", AzureStorageOptions.defaults("test").withBlockSize(1024 * 1024));
    }

    /**
     * Azure discards the uncommitted blocks of a blob when another block list is committed: the slower
     * writer fails, and what is stored is the other writer's object, never a mix.
     */
    @Test
    void twoWritersOfOneKeyNeverMixTheirBlocks() throws Exception {
        BackupStorage storage = createStorage();
        byte[] first = new byte[3 * 1024 * 1024 + 5];
        byte[] second = new byte[2 * 1024 * 1024 + 7];
        java.util.Arrays.fill(first, (byte) 1);
        java.util.Arrays.fill(second, (byte) 2);
        StorageWriter one = storage.openWriter("same/key");
        StorageWriter two = storage.openWriter("same/key");
        one.write(first);
        two.write(second);
        two.close();
        assertThat(read(storage, "same/key")).isEqualTo(second);
        assertThatThrownBy(one::close).isInstanceOf(java.io.IOException.class).hasMessageContaining("'same/key' in azure://");
        assertThat(read(storage, "same/key")).isEqualTo(second);
    }

    @Test
    void describeNamesContainerPrefixAndTheEndpointHost() throws Exception {
        assertThat(createStorage().describe()).matches("azure://contract-\\d+/app/ at 127\\.0\\.0\\.1:" + azurite.port());
    }
}
