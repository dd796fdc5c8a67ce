package io.github.embeddedbackup.storage.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import io.github.embeddedbackup.core.storage.BackupStorage;
import io.github.embeddedbackup.core.storage.InvalidStorageSettingException;
import io.github.embeddedbackup.core.storage.SharedClients;
import io.github.embeddedbackup.core.storage.StorageProviders;
import io.github.embeddedbackup.core.storage.StorageSettings;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Settings and credentials of the azure provider, checked before anything is sent. */
class AzureStorageProviderTests {

    static final String KEY = AzuriteServer.KEY;
    static final String CUSTOMER_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="; // base64 of 32 ASCII bytes

    final Map<String, String> env = new HashMap<>();
    final StorageProviders providers = StorageProviders.of(java.util.List.of(new AzureStorageProvider(env::get)));

    @Test
    void isFoundByServiceLoaderUnderTypeAndScheme() {
        StorageProviders installed = StorageProviders.installed();
        assertThat(installed.types()).contains("azure");
        StorageProviders.StorageLocation location = installed.parse("azure://backups/team/app");
        assertThat(location.provider()).isInstanceOf(AzureStorageProvider.class);
        assertThat(location.settings()).containsExactly(Map.entry("container", "backups"), Map.entry("prefix", "team/app"));
        assertThat(installed.parse("azure://backups").settings()).containsEntry("container", "backups").containsEntry("prefix", "");
    }

    @Test
    void aUriWithoutContainerIsRefusedNamingTheContainer() {
        assertThatThrownBy(() -> providers.parse("azure:///app")).isInstanceOf(InvalidStorageSettingException.class)
                .hasMessageContaining("'container'").hasMessageContaining("names no container");
    }

    @Test
    void aContainerNameAzureWouldRefuseIsNamedBeforeAnyRequest() {
        for (String bad : new String[] {"pg", "Backups", "a--b", "-backups", "back_ups"}) {
            assertThatThrownBy(() -> open(Map.of("container", bad, "connection-string", connection())))
                    .isInstanceOf(InvalidStorageSettingException.class).hasMessageContaining("'container'").hasMessageContaining(bad);
        }
    }

    @Test
    void settingNamesAreTheDocumentedOnes() {
        assertThat(new AzureStorageProvider().settingNames()).containsExactlyInAnyOrder("container", "prefix", "endpoint", "account",
                "connection-string", "account-key", "sas-token", "access-tier", "customer-key", "block-size", "timeout");
    }

    @Test
    void aMisspeltSettingIsRefusedWithTheNearestName() {
        assertThatThrownBy(() -> open(Map.of("contianer", "ccc", "connection-string", connection())))
                .isInstanceOf(InvalidStorageSettingException.class).hasMessageContaining("did you mean 'container'");
        assertThatThrownBy(() -> open(Map.of("container", "ccc", "acount-key", KEY))).hasMessageContaining("did you mean 'account-key'");
    }

    @Test
    void aConnectionStringOpensAStorageDescribedWithoutSecrets() {
        BackupStorage storage = open(Map.of("container", "ccc", "prefix", "app", "connection-string", connection()));
        assertThat(storage.describe()).isEqualTo("azure://ccc/app/ at 127.0.0.1:10999").doesNotContain(KEY);
    }

    @Test
    void theRealAzureEndpointIsNotRepeatedInTheDescription() {
        BackupStorage storage = open(Map.of("container", "ccc", "account", "mystore", "account-key", KEY));
        assertThat(storage.describe()).isEqualTo("azure://ccc/");
    }

    @Test
    void credentialsComeFromTheEnvironmentInTheDocumentedOrder() {
        env.put("AZURE_STORAGE_CONNECTION_STRING", connection());
        assertThat(open(Map.of("container", "ccc")).describe()).contains("127.0.0.1:10999");
        // An endpoint or account given in the settings overrides the environment's connection string.
        env.put("AZURE_STORAGE_KEY", KEY);
        assertThat(open(Map.of("container", "ccc", "account", "other")).describe()).isEqualTo("azure://ccc/");
        env.clear();
        env.put("AZURE_STORAGE_ACCOUNT", "envaccount");
        env.put("AZURE_STORAGE_SAS_TOKEN", "sv=2024-01-01&sig=abc");
        assertThat(open(Map.of("container", "ccc")).describe()).isEqualTo("azure://ccc/");
    }

    @Test
    void theApplicationsClientIsReusedWhenNothingElseIsGiven() {
        BlobServiceClient client = new BlobServiceClientBuilder().connectionString(connection()).buildClient();
        SharedClients shared = new SharedClients() {
            @Override
            public <T> Optional<T> find(Class<T> type) {
                return type == BlobServiceClient.class ? Optional.of(type.cast(client)) : Optional.empty();
            }
        };
        BackupStorage storage = providers.open("azure", Map.of("container", "shared"), shared);
        assertThat(storage.describe()).isEqualTo("azure://shared/ at 127.0.0.1:10999");
    }

    @Test
    void withoutAnyCredentialsTheMessageSaysWhatToSet() {
        assertThatThrownBy(() -> open(Map.of("container", "ccc"))).isInstanceOf(InvalidStorageSettingException.class)
                .hasMessageContaining("connection-string").hasMessageContaining("AZURE_STORAGE_CONNECTION_STRING")
                .hasMessageContaining("account-key").hasMessageContaining("sas-token").hasMessageContaining("managed identity");
        assertThatThrownBy(() -> open(Map.of("container", "ccc", "account-key", KEY))).hasMessageContaining("'account'")
                .hasMessageNotContaining(KEY);
        assertThatThrownBy(() -> open(Map.of("container", "ccc", "sas-token", "sv=1&sig=secretsig"))).hasMessageContaining("'account'")
                .hasMessageNotContaining("secretsig");
        assertThatThrownBy(() -> open(Map.of("connection-string", connection()))).hasMessageContaining("'container'");
    }

    @Test
    void accessTierIsCaseInsensitiveAndABadOneIsNamed() {
        for (String tier : new String[] {"Hot", "cool", "COLD"}) {
            assertThat(open(Map.of("container", "ccc", "connection-string", connection(), "access-tier", tier))).isNotNull();
        }
        assertThatThrownBy(() -> open(Map.of("container", "ccc", "connection-string", connection(), "access-tier", "Frozen")))
                .isInstanceOf(InvalidStorageSettingException.class).hasMessageContaining("'access-tier'").hasMessageContaining("Frozen")
                .hasMessageContaining("Hot, Cool or Cold");
    }

    /** Every blob written in Archive, manifests included, would be unreadable until rehydrated: list, verify and prune would fail. */
    @Test
    void theArchiveTierIsRefusedPointingToALifecycleRule() {
        for (String tier : new String[] {"Archive", "archive", "ARCHIVE"}) {
            assertThatThrownBy(() -> open(Map.of("container", "ccc", "connection-string", connection(), "access-tier", tier)))
                    .isInstanceOf(InvalidStorageSettingException.class).hasMessageContaining("'access-tier'")
                    .hasMessageContaining("rehydrated").hasMessageContaining("Cool or Cold").hasMessageContaining("lifecycle management rule")
                    .hasMessageContaining("PREFIX/archives/").hasMessageContaining("docs/storage-azure.md");
        }
    }

    @Test
    void anEndpointWithoutSchemeIsRefusedWithExamples() {
        for (String bad : new String[] {"127.0.0.1:10100/devstoreaccount1", "acme.blob.core.windows.net", "ftp://acme.example/x", "http://"}) {
            assertThatThrownBy(() -> open(Map.of("container", "ccc", "endpoint", bad, "account", "devstoreaccount1", "account-key", KEY)))
                    .as(bad).isInstanceOf(InvalidStorageSettingException.class).hasMessageContaining("'endpoint'")
                    .hasMessageContaining("https://ACCOUNT.blob.core.windows.net")
                    .hasMessageContaining("http://127.0.0.1:10000/devstoreaccount1 for Azurite");
        }
    }

    /** The SDK reads the first path segment of an address with a port or an IP as the account: without it, requests go astray (404). */
    @Test
    void anEmulatorEndpointWithoutTheAccountNameIsRefused() {
        for (String bad : new String[] {"http://127.0.0.1:10100", "http://127.0.0.1:10100/", "http://azurite:10000", "http://localhost"}) {
            assertThatThrownBy(() -> open(Map.of("container", "ccc", "endpoint", bad, "sas-token", "sv=1&sig=secretsig")))
                    .as(bad).isInstanceOf(InvalidStorageSettingException.class).hasMessageContaining("'endpoint'")
                    .hasMessageContaining("account cannot be told").hasMessageContaining("ends with the account name")
                    .hasMessageContaining("http://127.0.0.1:10000/devstoreaccount1").hasMessageNotContaining("secretsig");
        }
        // A custom domain names the account through DNS: no path needed.
        assertThat(open(Map.of("container", "ccc", "endpoint", "https://backups.example.com", "sas-token", "sv=1&sig=x")).describe())
                .isEqualTo("azure://ccc/ at backups.example.com");
    }

    @Test
    void anHttpEndpointWithoutKeySasOrConnectionStringSaysWhatToSet() {
        assertThatThrownBy(() -> open(Map.of("container", "ccc", "endpoint", "http://127.0.0.1:10100/devstoreaccount1")))
                .isInstanceOf(InvalidStorageSettingException.class).hasMessageContaining("'endpoint'")
                .hasMessageContaining("no account key, SAS token or connection string was found").hasMessageContaining("AZURE_STORAGE_KEY")
                .hasMessageContaining("AZURE_STORAGE_SAS_TOKEN").hasMessageContaining("AZURE_STORAGE_CONNECTION_STRING")
                .hasMessageContaining("managed identity (DefaultAzureCredential) needs https");
        assertThat(open(Map.of("container", "ccc", "endpoint", "https://acme.blob.core.windows.net")).describe())
                .as("over https the default credential chain is used").isEqualTo("azure://ccc/");
    }

    /** Messages refusing a secret on a command line name the variable; each one is really read, as the checks below show. */
    @Test
    void environmentVariablesAreTheOnesTheProviderReads() {
        AzureStorageProvider provider = new AzureStorageProvider(env::get);
        assertThat(provider.settingNames().stream().filter(name -> provider.environmentVariable(name).isPresent()))
                .containsExactlyInAnyOrder("account", "connection-string", "account-key", "sas-token", "customer-key");
        assertThat(provider.settingNames()).filteredOn(StorageSettings::isSecret)
                .allSatisfy(name -> assertThat(provider.environmentVariable(name)).isPresent());
        String broken = "AccountKey=" + KEY + ";nonsense";
        env.put(provider.environmentVariable("connection-string").orElseThrow(), broken);
        assertThatThrownBy(() -> open(Map.of("container", "ccc"))).hasMessageContaining("'connection-string'")
                .hasMessageContaining("AZURE_STORAGE_CONNECTION_STRING");
        env.clear();
        env.put(provider.environmentVariable("account-key").orElseThrow(), KEY);
        assertThatThrownBy(() -> open(Map.of("container", "ccc"))).as("a key without account").hasMessageContaining("AZURE_STORAGE_KEY");
        env.put(provider.environmentVariable("account").orElseThrow(), "envaccount");
        assertThat(open(Map.of("container", "ccc")).describe()).isEqualTo("azure://ccc/");
        env.clear();
        env.put(provider.environmentVariable("sas-token").orElseThrow(), "sv=1&sig=x");
        assertThatThrownBy(() -> open(Map.of("container", "ccc"))).hasMessageContaining("AZURE_STORAGE_SAS_TOKEN");
        env.clear();
        env.put(provider.environmentVariable("customer-key").orElseThrow(), "dG9vLXNob3J0");
        assertThatThrownBy(() -> open(Map.of("container", "ccc", "connection-string", connection()))).hasMessageContaining("'customer-key'");
        assertThat(provider.environmentVariable("container")).isEmpty();
        assertThat(provider.environmentVariable("endpoint")).isEmpty();
    }

    /** For hosts the open check lets through (a name without port): 400 and 404 answers then say the path may lack the account. */
    @Test
    void errorsHintAtTheAccountPathOnlyWhereItCanBeMissing() {
        assertThat(AzureErrors.endpointHint("http://azurite")).contains("ends with the account name").contains("'endpoint'");
        assertThat(AzureErrors.endpointHint("https://acme.blob.core.windows.net")).isEmpty();
        assertThat(AzureErrors.endpointHint("http://127.0.0.1:10000/devstoreaccount1")).isEmpty();
    }

    @Test
    void theJdkHttpAdaptersPerRequestWarningIsQuietened() {
        assertThat(new AzureStorageProvider().quietLoggers()).containsExactly("com.azure.core.http.jdk.httpclient");
    }

    @Test
    void aBadCustomerKeyIsNamedButNeverShown() {
        assertThat(open(Map.of("container", "ccc", "account", "mystore", "account-key", KEY, "customer-key", CUSTOMER_KEY))).isNotNull();
        env.put("AZURE_STORAGE_CUSTOMER_KEY", "dG9vLXNob3J0");
        assertThatThrownBy(() -> open(Map.of("container", "ccc", "account", "mystore", "account-key", KEY)))
                .as("the customer key from the environment is read and checked").hasMessageContaining("'customer-key'");
        env.clear();
        String shortKey = "c2hvcnQta2V5LXNlY3JldA=="; // 16 bytes
        assertThatThrownBy(() -> open(Map.of("container", "ccc", "connection-string", connection(), "customer-key", shortKey)))
                .isInstanceOf(InvalidStorageSettingException.class).hasMessageContaining("'customer-key'").hasMessageContaining("32 bytes")
                .hasMessageNotContaining(shortKey);
        assertThatThrownBy(() -> open(Map.of("container", "ccc", "connection-string", connection(), "customer-key", "not base64!")))
                .hasMessageContaining("'customer-key'").hasMessageNotContaining("not base64!");
    }

    @Test
    void blockSizeAndTimeoutAreChecked() {
        assertThatThrownBy(() -> open(Map.of("container", "ccc", "connection-string", connection(), "block-size", "512KB")))
                .hasMessageContaining("'block-size'").hasMessageContaining("1MB and 4000MB");
        assertThat(open(Map.of("container", "ccc", "connection-string", connection(), "block-size", "4000MB"))).isNotNull();
        assertThatThrownBy(() -> open(Map.of("container", "ccc", "connection-string", connection(), "timeout", "soon")))
                .hasMessageContaining("'timeout'");
    }

    @Test
    void aConnectionStringThatCannotBeReadIsNotQuoted() {
        String broken = "AccountKey=" + KEY + ";nonsense";
        assertThatThrownBy(() -> open(Map.of("container", "ccc", "connection-string", broken)))
                .isInstanceOf(InvalidStorageSettingException.class).hasMessageContaining("'connection-string'").hasMessageNotContaining(KEY);
    }

    @Test
    void settingsToStringHidesEverySecret() {
        String shown = StorageSettings.of("azure", Map.of("container", "ccc", "connection-string", connection(), "account-key", KEY,
                "sas-token", "sv=1&sig=secretsig", "customer-key", CUSTOMER_KEY)).toString();
        assertThat(shown).contains("container=ccc").doesNotContain(KEY).doesNotContain("secretsig").doesNotContain(CUSTOMER_KEY)
                .doesNotContain("AccountKey");
    }

    private BackupStorage open(Map<String, String> values) {
        return providers.open("azure", values, SharedClients.none());
    }

    private static String connection() {
        return "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + KEY
                + ";BlobEndpoint=http://127.0.0.1:10999/devstoreaccount1;";
    }
}
