package io.github.embeddedbackup.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.embeddedbackup.core.BackupConfigurationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Storage URIs and settings are read in one place, and every typo is refused with what was meant. */
class StorageProvidersTests {

    @TempDir
    Path dir;

    private final StorageProviders providers = StorageProviders.installed();

    @Test
    void secretSettingsAreToldApartFromTheirAddressesAndFiles() {
        // Secrets: hidden in toString, and the CLI takes none of them on its command line.
        for (String secret : List.of("account-key", "sas-token", "connection-string", "customer-key", "client-secret", "refresh-token",
                "password", "credentials", "secret-access-key")) {
            assertThat(StorageSettings.isSecret(secret)).as(secret).isTrue();
        }
        // Where a secret is (an address, a file path, a key's id) is not one: users give it on the command line.
        for (String plain : List.of("token-url", "credentials-file", "kms-key-id", "endpoint", "account", "client-id", "folder-id", "prefix")) {
            assertThat(StorageSettings.isSecret(plain)).as(plain).isFalse();
        }
        StorageSettings settings = StorageSettings.of("azure", Map.of("connection-string", "AccountKey=abc", "token-url", "http://t", "account", "a"));
        assertThat(settings.toString()).doesNotContain("AccountKey=abc").contains("http://t");
    }

    @Test
    void localFoldersAreReadInEveryForm() {
        assertThat(providers.parse("file:" + dir).settings()).containsEntry("path", dir.toString());
        assertThat(providers.parse("file://" + dir).settings()).containsEntry("path", dir.toString());
        assertThat(providers.parse(dir.toString()).settings()).containsEntry("path", dir.toString());
        assertThat(providers.parse("relative/backups").provider().type()).isEqualTo("local");
        BackupStorage storage = providers.open("local", providers.parse("file:" + dir).settings(), SharedClients.none());
        assertThat(storage).isInstanceOf(FilesystemBackupStorage.class);
        assertThat(((FilesystemBackupStorage) storage).root()).isEqualTo(dir);
    }

    @Test
    void aUriWithoutItsColonOrWithAHostIsRefusedWithTheMeantOne() {
        assertThatThrownBy(() -> providers.parse("file//var/backups")).isInstanceOf(BackupConfigurationException.class)
                .hasMessageContaining("did you mean file:/var/backups?");
        assertThatThrownBy(() -> providers.parse("file://host/var")).hasMessageContaining("file:///absolute/folder");
        assertThatThrownBy(() -> providers.parse("fiel://var/backups")).hasMessageContaining("did you mean file:/var/backups?");
        assertThatThrownBy(() -> providers.parse("  ")).hasMessageContaining("names no folder");
    }

    @Test
    void anUnknownTypeNamesTheNearestOrTheModuleToAdd() {
        assertThatThrownBy(() -> providers.forType("locall")).isInstanceOf(UnknownStorageTypeException.class)
                .hasMessageContaining("did you mean local?");
        assertThatThrownBy(() -> providers.forType("azure")).hasMessageContaining("io.github.embeddedbackup:backup-storage-azure");
    }

    @Test
    void aMisspeltSettingIsRefusedWithTheNearestName() {
        assertThatThrownBy(() -> providers.open("local", Map.of("pth", dir.toString()), SharedClients.none()))
                .isInstanceOf(InvalidStorageSettingException.class).hasMessageContaining("'pth'").hasMessageContaining("did you mean 'path'");
        // Spring's relaxed forms of one name are one setting.
        assertThat(StorageProviders.checked(provider(), Map.of("partSize", "8MB", "PATH_STYLE", "true")))
                .containsOnlyKeys("part-size", "path-style");
    }

    @Test
    void sizesAndDurationsAreReadAsUsersWriteThemAndCheckedAgainstTheirRange() {
        StorageSettings settings = StorageSettings.of("demo", Map.of("part-size", "16MB", "small", "1KB", "bytes", "6000000",
                "timeout", "30s", "iso", "PT5M", "bare", "90", "bad", "ten", "flag", "maybe"));
        assertThat(settings.bytes("part-size", 1, 1, Long.MAX_VALUE)).isEqualTo(16L * 1024 * 1024);
        assertThat(settings.bytes("bytes", 1, 1, Long.MAX_VALUE)).isEqualTo(6_000_000L);
        assertThatThrownBy(() -> settings.bytes("small", 16L * 1024 * 1024, 5L * 1024 * 1024, 2047L * 1024 * 1024))
                .isInstanceOf(InvalidStorageSettingException.class).hasMessageContaining("between 5MB and 2047MB");
        assertThat(settings.duration("timeout", Duration.ZERO)).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.duration("iso", Duration.ZERO)).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.duration("bare", Duration.ZERO)).isEqualTo(Duration.ofSeconds(90));
        assertThatThrownBy(() -> settings.duration("bad", Duration.ZERO)).hasMessageContaining("'bad'").hasMessageContaining("30s");
        assertThatThrownBy(() -> settings.bool("flag", false)).hasMessageContaining("true or false");
        assertThatThrownBy(() -> settings.required("bucket", "my-backups")).hasMessageContaining("'bucket'").hasMessageContaining("my-backups");
    }

    @Test
    void secretSettingsAreHiddenInTheirDescription() {
        assertThat(StorageSettings.of("azure", Map.of("account-key", "c2VjcmV0", "sas-token", "sv=x&sig=y", "kms-key-id", "arn:1"))
                .toString()).doesNotContain("c2VjcmV0").doesNotContain("sig=y").contains("arn:1");
    }

    private static StorageProvider provider() {
        return new StorageProvider() {
            @Override
            public String type() {
                return "demo";
            }

            @Override
            public List<String> schemes() {
                return List.of("demo");
            }

            @Override
            public List<String> examples() {
                return List.of("demo://x");
            }

            @Override
            public Set<String> settingNames() {
                return Set.of("part-size", "path-style");
            }

            @Override
            public Map<String, String> settingsFromUri(String uri) {
                return Map.of();
            }

            @Override
            public BackupStorage open(StorageSettings settings) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
