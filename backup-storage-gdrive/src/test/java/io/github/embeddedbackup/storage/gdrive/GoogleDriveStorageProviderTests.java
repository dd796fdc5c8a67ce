package io.github.embeddedbackup.storage.gdrive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.services.drive.Drive;
import com.google.auth.oauth2.UserCredentials;
import io.github.embeddedbackup.core.storage.BackupStorage;
import io.github.embeddedbackup.core.storage.InvalidStorageSettingException;
import io.github.embeddedbackup.core.storage.SharedClients;
import io.github.embeddedbackup.core.storage.StorageProviders;
import io.github.embeddedbackup.core.storage.StorageSettings;
import io.github.embeddedbackup.core.storage.StorageWriter;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gdrive provider: gdrive:// URIs, settings checked by name, credentials chosen in order, secrets kept out of text. */
class GoogleDriveStorageProviderTests {

    static FakeDriveServer server;

    @BeforeAll
    static void start() throws Exception {
        server = FakeDriveServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aGdriveUriNamesFolderAndPrefix() {
        StorageProviders.StorageLocation location = StorageProviders.installed().parse("gdrive://1AbCdEf/team/app");
        assertThat(location.provider().type()).isEqualTo("gdrive");
        assertThat(location.settings()).containsEntry("folder-id", "1AbCdEf").containsEntry("prefix", "team/app");
        assertThatThrownBy(() -> StorageProviders.installed().parse("gdrive:///app")).hasMessageContaining("gdrive://");
    }

    @Test
    void theSettingNamesAreTheDocumentedOnes() {
        assertThat(new GoogleDriveStorageProvider().settingNames()).containsExactlyInAnyOrder("folder-id", "prefix", "credentials-file",
                "client-id", "client-secret", "refresh-token", "chunk-size", "root-url", "token-url", "timeout", "max-attempts");
    }

    @Test
    void aMisspeltSettingIsRefusedWithTheNearestName() {
        Map<String, String> settings = new HashMap<>(server.settings("f"));
        settings.put("refresh-tokn", "x");
        assertThatThrownBy(() -> StorageProviders.installed().open("gdrive", settings, SharedClients.none()))
                .isInstanceOf(InvalidStorageSettingException.class).hasMessageContaining("did you mean 'refresh-token'");
    }

    @Test
    void aChunkSizeThatIsNotAMultipleOf256KilobytesIsRefused() {
        Map<String, String> settings = new HashMap<>(server.settings("f"));
        settings.put("chunk-size", "300KB");
        assertThatThrownBy(() -> StorageProviders.installed().open("gdrive", settings, SharedClients.none()))
                .isInstanceOf(InvalidStorageSettingException.class).hasMessageContaining("chunk-size").hasMessageContaining("256KB");
        settings.put("chunk-size", "128KB");
        assertThatThrownBy(() -> StorageProviders.installed().open("gdrive", settings, SharedClients.none()))
                .isInstanceOf(InvalidStorageSettingException.class).hasMessageContaining("chunk-size");
        settings.put("chunk-size", "512KB");
        settings.put("max-attempts", "0");
        assertThatThrownBy(() -> StorageProviders.installed().open("gdrive", settings, SharedClients.none()))
                .isInstanceOf(InvalidStorageSettingException.class).hasMessageContaining("max-attempts");
    }

    @Test
    void aMissingFolderIdIsNamed() {
        assertThatThrownBy(() -> new GoogleDriveStorageProvider(name -> null).open(StorageSettings.of("gdrive", Map.of("client-id", "x"))))
                .isInstanceOf(InvalidStorageSettingException.class).hasMessageContaining("folder-id");
    }

    @Test
    void halfAUserCredentialNamesTheMissingSetting() {
        assertThatThrownBy(() -> new GoogleDriveStorageProvider(name -> null).open(StorageSettings.of("gdrive",
                        Map.of("folder-id", "f", "client-id", "id", "client-secret", "the-client-secret"))))
                .isInstanceOf(InvalidStorageSettingException.class).hasMessageContaining("'refresh-token'")
                .hasMessageContaining("GOOGLE_DRIVE_REFRESH_TOKEN").hasMessageNotContaining("the-client-secret");
    }

    @Test
    void noCredentialsAtAllSayWhatToSet() {
        // Only when this machine has no application default credentials (as CI has not) does the provider reach the end of its list.
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("GOOGLE_APPLICATION_CREDENTIALS") == null
                && !java.nio.file.Files.exists(java.nio.file.Path.of(System.getProperty("user.home"), ".config/gcloud/application_default_credentials.json")));
        assertThatThrownBy(() -> new GoogleDriveStorageProvider(name -> null).open(StorageSettings.of("gdrive", Map.of("folder-id", "f"))))
                .isInstanceOf(InvalidStorageSettingException.class)
                .hasMessageContaining("client-id, client-secret and refresh-token").hasMessageContaining("credentials-file")
                .hasMessageContaining("GOOGLE_DRIVE_REFRESH_TOKEN");
    }

    @Test
    void theEnvironmentGivesTheUserCredentials() throws Exception {
        Map<String, String> env = Map.of("GOOGLE_DRIVE_CLIENT_ID", FakeDriveServer.CLIENT_ID, "GOOGLE_DRIVE_CLIENT_SECRET",
                FakeDriveServer.CLIENT_SECRET, "GOOGLE_DRIVE_REFRESH_TOKEN", FakeDriveServer.REFRESH_TOKEN, "GOOGLE_DRIVE_TOKEN_URL", server.tokenUrl());
        String folder = server.createFolder("env");
        BackupStorage storage = new GoogleDriveStorageProvider(env::get).open(StorageSettings.of("gdrive",
                Map.of("folder-id", folder, "root-url", server.rootUrl())));
        try (StorageWriter writer = storage.openWriter("x")) {
            writer.write(1);
        }
        assertThat(server.fileNames(folder)).containsExactly("x");
    }

    @Test
    void theApplicationsDriveClientIsUsedWhenNoCredentialIsSet() throws Exception {
        Drive drive = GoogleDriveStorageProvider.client(UserCredentials.newBuilder().setClientId(FakeDriveServer.CLIENT_ID)
                .setClientSecret(FakeDriveServer.CLIENT_SECRET).setRefreshToken(FakeDriveServer.REFRESH_TOKEN)
                .setTokenServerUri(URI.create(server.tokenUrl())).build(), server.rootUrl(), Duration.ofSeconds(10));
        SharedClients shared = new SharedClients() {
            @Override
            public <T> Optional<T> find(Class<T> type) {
                return type == Drive.class ? Optional.of(type.cast(drive)) : Optional.empty();
            }
        };
        String folder = server.createFolder("bean");
        BackupStorage storage = StorageProviders.installed().open("gdrive", Map.of("folder-id", folder, "prefix", "svc/"), shared);
        try (StorageWriter writer = storage.openWriter("probe/one")) {
            writer.write("through the application's client".getBytes(StandardCharsets.UTF_8));
        }
        try (InputStream in = storage.openReader("probe/one")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("through the application's client");
        }
        assertThat(server.fileNames(folder)).containsExactly("svc/probe/one");
        assertThat(storage.describe()).isEqualTo("gdrive://" + folder + "/svc/");
    }

    @Test
    void secretsAppearInNoTextNorLog() throws Exception {
        Map<String, String> settings = new HashMap<>(server.settings(server.createFolder("secrets")));
        settings.put("refresh-token", "1//a-refresh-token-that-is-wrong");
        PrintStream original = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        String texts;
        try {
            BackupStorage storage = StorageProviders.installed().open("gdrive", settings, SharedClients.none());
            Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> storage.list(""));
            StringBuilder chain = new StringBuilder();
            for (Throwable t = failure; t != null; t = t.getCause()) {
                chain.append(t).append('\n');
            }
            texts = storage + "\n" + storage.describe() + "\n" + StorageSettings.of("gdrive", settings) + "\n" + failure.getMessage() + "\n";
            assertThat(failure.getMessage()).contains("refresh-token");
            assertThat(chain.toString()).doesNotContain("1//a-refresh-token-that-is-wrong").doesNotContain(FakeDriveServer.CLIENT_SECRET);
        } finally {
            System.setErr(original);
        }
        assertThat(texts + log.toString(StandardCharsets.UTF_8)).doesNotContain("1//a-refresh-token-that-is-wrong")
                .doesNotContain(FakeDriveServer.CLIENT_SECRET).doesNotContain("ya29.");
    }

    @Test
    void environmentVariableNamesTheVariablesTheProviderReads() {
        java.util.Set<String> asked = new java.util.HashSet<>();
        Map<String, String> env = Map.of("GOOGLE_DRIVE_CLIENT_ID", "id", "GOOGLE_DRIVE_CLIENT_SECRET", "s", "GOOGLE_DRIVE_REFRESH_TOKEN", "r");
        GoogleDriveStorageProvider provider = new GoogleDriveStorageProvider(name -> {
            asked.add(name);
            return env.get(name);
        });
        assertThat(provider.open(StorageSettings.of("gdrive", Map.of("folder-id", "F", "root-url", server.rootUrl())))).isNotNull();
        for (String setting : java.util.List.of("client-id", "client-secret", "refresh-token", "token-url")) {
            assertThat(provider.environmentVariable(setting)).as(setting).isPresent();
            assertThat(asked).as(setting).contains(provider.environmentVariable(setting).orElseThrow());
        }
        assertThat(provider.environmentVariable("credentials-file")).contains("GOOGLE_APPLICATION_CREDENTIALS");
        assertThat(provider.environmentVariable("chunk-size")).isEmpty();
    }

    @Test
    void aQueryStringInTheUriIsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> new GoogleDriveStorageProvider().settingsFromUri("gdrive://FOLDER/x?access_token=SECRETTOKEN"))
                .isInstanceOf(InvalidStorageSettingException.class).hasMessageContaining("query string")
                .hasMessageContaining("docs/storage-gdrive.md").hasMessageNotContaining("SECRETTOKEN");
    }
}
