package io.github.embeddedbackup.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import io.github.embeddedbackup.core.storage.BackupStorage;
import io.github.embeddedbackup.core.storage.InvalidStorageSettingException;
import io.github.embeddedbackup.core.storage.SharedClients;
import io.github.embeddedbackup.core.storage.StorageProviders;
import io.github.embeddedbackup.core.storage.StorageWriter;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The gcs provider through ServiceLoader: gs:// URIs, the application's Storage client reused, settings checked. */
class GcsStorageProviderTests {

    @Test
    void aGsUriWithTheApplicationsClientOpensAWorkingStorage() throws Exception {
        Storage client = LocalStorageHelper.customOptions(false).getService();
        SharedClients shared = new SharedClients() {
            @Override
            public <T> Optional<T> find(Class<T> type) {
                return type == Storage.class ? Optional.of(type.cast(client)) : Optional.empty();
            }
        };
        StorageProviders providers = StorageProviders.installed();
        StorageProviders.StorageLocation location = providers.parse("gs://backups/app");
        assertThat(location.provider().type()).isEqualTo("gcs");
        assertThat(location.settings()).containsEntry("bucket", "backups").containsEntry("prefix", "app");

        BackupStorage storage = providers.open("gcs", location.settings(), shared);
        StorageWriter writer = storage.openWriter("probe/one");
        try (writer) {
            writer.write("through the provider".getBytes(StandardCharsets.UTF_8));
        }
        try (InputStream in = storage.openReader("probe/one")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("through the provider");
        }
        assertThat(storage.describe()).contains("backups");
    }

    @Test
    void wrongSettingsAreRefusedNamingTheSetting() {
        StorageProviders providers = StorageProviders.installed();
        assertThatThrownBy(() -> providers.open("gcs", Map.of("bucket", "b", "storage-klass", "NEARLINE"), SharedClients.none()))
                .isInstanceOf(InvalidStorageSettingException.class).hasMessageContaining("did you mean 'storage-class'");
        assertThatThrownBy(() -> providers.open("gcs", Map.of("bucket", "b", "chunk-size", "1KB"), SharedClients.none()))
                .isInstanceOf(InvalidStorageSettingException.class).hasMessageContaining("chunk-size");
        assertThatThrownBy(() -> providers.parse("gcs://backups/app")).hasMessageContaining("did you mean gs://backups/app");
        assertThatThrownBy(() -> providers.parse("gs:///app")).hasMessageContaining("names no bucket");
    }
}
