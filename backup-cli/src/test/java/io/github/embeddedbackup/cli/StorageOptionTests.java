package io.github.embeddedbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.storage.StorageProvider;
import io.github.embeddedbackup.core.storage.StorageProviders;
import org.junit.jupiter.api.Test;

/** Which -o names count as secrets: every spelling of a secret setting, and no spelling of a harmless one. */
class StorageOptionTests {

    private static StorageProvider provider(String type) {
        return StorageProviders.installed().forType(type);
    }

    @Test
    void spellingsOfSecretSettingsAreSecretAndHarmlessLookalikesAreNot() {
        assertThat(StorageOption.secretSetting(provider("azure"), "AccountKey")).isEqualTo("account-key");
        assertThat(StorageOption.secretSetting(provider("azure"), "SAS_TOKEN")).isEqualTo("sas-token");
        assertThat(StorageOption.secretSetting(provider("gdrive"), "clientSecret")).isEqualTo("client-secret");
        assertThat(StorageOption.secretSetting(provider("azure"), "api-password")).as("not a setting, but secret-looking").isEqualTo("api-password");
        assertThat(StorageOption.secretSetting(provider("s3"), "kmsKeyId")).as("kms-key-id names a key, it is none").isNull();
        assertThat(StorageOption.secretSetting(provider("gdrive"), "tokenUrl")).isNull();
        assertThat(StorageOption.secretSetting(provider("gdrive"), "CredentialsFile")).isNull();
        assertThat(StorageOption.secretSetting(provider("azure"), "account")).isNull();
    }
}
