package io.github.embeddedbackup.storage.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.blob.models.AccessTier;
import io.github.embeddedbackup.core.storage.BackupStorage;
import io.github.embeddedbackup.core.storage.InvalidStorageSettingException;
import io.github.embeddedbackup.core.storage.ObjectInfo;
import io.github.embeddedbackup.core.storage.SharedClients;
import io.github.embeddedbackup.core.storage.StorageProviders;
import io.github.embeddedbackup.core.storage.StorageWriter;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Access tiers and customer-provided keys, as far as Azurite takes them. */
class AzureTierAndKeyIT {

    static AzuriteServer azurite;

    @BeforeAll
    static void start() {
        azurite = AzuriteServer.start();
        azurite.createContainer("tiers");
    }

    @AfterAll
    static void stop() {
        if (azurite != null) {
            azurite.close();
        }
    }

    @Test
    void newBlobsGetTheConfiguredTier() throws IOException {
        for (String tier : new String[] {"hot", "Cool"}) {
            BackupStorage storage = open(Map.of("access-tier", tier, "prefix", tier));
            write(storage, "x", new byte[] {1, 2});
            assertThat(azurite.client().getBlobContainerClient("tiers").getBlobClient(tier + "/x").getProperties().getAccessTier())
                    .isEqualTo(AccessTier.fromString(tier.substring(0, 1).toUpperCase() + tier.substring(1).toLowerCase()));
        }
    }

    /** As after a lifecycle rule moved the blob to Archive: still listed, but a read says how to rehydrate that blob. */
    @Test
    void anArchivedBlobIsListedButReadingItSaysHowToRehydrate() throws IOException {
        BackupStorage storage = open(Map.of("access-tier", "Cool", "prefix", "archive"));
        write(storage, "archives/x", new byte[] {1, 2});
        azurite.client().getBlobContainerClient("tiers").getBlobClient("archive/archives/x").setAccessTier(AccessTier.ARCHIVE);
        assertThat(storage.list("")).extracting(ObjectInfo::key).containsExactly("archives/x");
        assertThat(storage.stat("archives/x")).isPresent();
        assertThatThrownBy(() -> {
            try (InputStream in = storage.openReader("archives/x")) {
                in.readAllBytes();
            }
        }).hasMessageContaining("'archives/x'").hasMessageContaining("archived (Archive tier): rehydrate it first")
                .hasMessageContaining("--container-name tiers --name archive/archives/x --tier Hot");
    }

    @Test
    void theColdTierIsSetToo() throws IOException {
        BackupStorage storage = open(Map.of("access-tier", "COLD", "prefix", "cold"));
        write(storage, "x", new byte[] {1, 2});
        assertThat(azurite.client().getBlobContainerClient("tiers").getBlobClient("cold/x").getProperties().getAccessTier())
                .isEqualTo(AccessTier.COLD);
    }

    /** Azure takes a customer key only over https; Azurite here speaks http, so writing with a key is not tested. */
    @Test
    void aCustomerKeyOverHttpIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> open(Map.of("customer-key", AzureStorageProviderTests.CUSTOMER_KEY)))
                .isInstanceOf(InvalidStorageSettingException.class).hasMessageContaining("'customer-key'").hasMessageContaining("https")
                .hasMessageNotContaining(AzureStorageProviderTests.CUSTOMER_KEY);
    }

    static BackupStorage open(Map<String, String> extra) {
        Map<String, String> settings = new java.util.HashMap<>(extra);
        settings.put("container", "tiers");
        settings.put("connection-string", azurite.connectionString());
        return StorageProviders.installed().open("azure", settings, SharedClients.none());
    }

    static void write(BackupStorage storage, String key, byte[] data) throws IOException {
        try (StorageWriter writer = storage.openWriter(key)) {
            writer.write(data);
        }
    }
}
