package io.github.embeddedbackup.storage.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.AccessTier;
import com.azure.storage.blob.models.CustomerProvidedKey;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.github.embeddedbackup.core.storage.BackupStorage;
import io.github.embeddedbackup.core.storage.InvalidStorageSettingException;
import io.github.embeddedbackup.core.storage.StorageProvider;
import io.github.embeddedbackup.core.storage.StorageSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * {@code azure}: {@code azure://container/prefix}. Credentials, the first that applies: a connection
 * string; an account key with the account; a SAS token with the account or endpoint; the application's
 * {@link BlobServiceClient}; {@code DefaultAzureCredential} (managed identity, workload identity,
 * {@code az login}) for an account or endpoint. Requests go through the JDK's HTTP client.
 * Endpoints, tiers and credentials that could only fail later, with the SDK's bare words, are refused
 * here naming the setting.
 */
public final class AzureStorageProvider implements StorageProvider {

    static final String TYPE = "azure";
    /** How long a request may wait for a connection: a dead endpoint fails fast, whatever {@code timeout} says. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** Where each secret or placing setting comes from when the settings lack it. */
    private static final Map<String, String> ENVIRONMENT = Map.of("account", "AZURE_STORAGE_ACCOUNT", "connection-string",
            "AZURE_STORAGE_CONNECTION_STRING", "account-key", "AZURE_STORAGE_KEY", "sas-token", "AZURE_STORAGE_SAS_TOKEN",
            "customer-key", "AZURE_STORAGE_CUSTOMER_KEY");
    /** The JDK adapter warns "The header is restricted … content-length" on every request; the JDK sets the length itself. */
    static final String JDK_HTTP_LOGGER = "com.azure.core.http.jdk.httpclient";
    private static final String AZURITE_ENDPOINT = "http://127.0.0.1:10000/devstoreaccount1";

    private static final java.util.regex.Pattern CONTAINER = java.util.regex.Pattern.compile("[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])");

    private final Function<String, @Nullable String> env;

    public AzureStorageProvider() {
        this(System::getenv);
    }

    /** @param env the environment, replaceable in tests */
    AzureStorageProvider(Function<String, @Nullable String> env) {
        this.env = env;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<String> schemes() {
        return List.of("azure");
    }

    @Override
    public List<String> examples() {
        return List.of("azure://container/prefix");
    }

    @Override
    public Set<String> settingNames() {
        return Set.of("container", "prefix", "endpoint", "account", "connection-string", "account-key", "sas-token", "access-tier",
                "customer-key", "block-size", "timeout");
    }

    @Override
    public Optional<String> environmentVariable(String setting) {
        return Optional.ofNullable(ENVIRONMENT.get(setting));
    }

    @Override
    public List<String> quietLoggers() {
        return List.of(JDK_HTTP_LOGGER);
    }

    @Override
    public Map<String, String> settingsFromUri(String uri) {
        Map<String, String> parsed;
        try {
            parsed = StorageSettings.bucketAndPrefix(uri, "azure", TYPE);
        } catch (InvalidStorageSettingException e) {
            if (!e.setting().equals("bucket")) { // a query string, an empty or a dot segment: core's reason, which never shows the query
                throw new InvalidStorageSettingException(TYPE, e.setting(), e.problem(), e.fix());
            }
            throw new InvalidStorageSettingException(TYPE, "container", "'" + StorageSettings.withoutQuery(uri.strip()) + "' names no container.",
                    "write azure://container/prefix");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("container", parsed.get("bucket"));
        settings.put("prefix", parsed.get("prefix"));
        return settings;
    }

    @Override
    public BackupStorage open(StorageSettings settings) {
        String container = settings.required("container", "backups (with prefix my-service/)");
        if (!CONTAINER.matcher(container).matches() || container.contains("--")) {
            throw new InvalidStorageSettingException(TYPE, "container", "'" + container + "' is not a container name: Azure takes 3 to 63 "
                    + "lower-case letters, digits and single hyphens, starting with a letter or digit.", "use e.g. backups");
        }
        AccessTier tier = accessTier(settings);
        CustomerProvidedKey key = customerKey(settings.get("customer-key") != null ? settings.get("customer-key")
                : env("AZURE_STORAGE_CUSTOMER_KEY"));
        long blockSize = settings.bytes("block-size", AzureStorageOptions.DEFAULT_BLOCK_SIZE, AzureStorageOptions.MIN_BLOCK_SIZE,
                AzureStorageOptions.MAX_BLOCK_SIZE);
        Duration timeout = settings.duration("timeout", AzureStorageOptions.DEFAULT_TIMEOUT);
        Client client = client(settings, timeout);
        if (key != null && !client.service().getAccountUrl().toLowerCase(Locale.ROOT).startsWith("https:")) {
            throw new InvalidStorageSettingException(TYPE, "customer-key", "Azure accepts a customer-provided key only over https, but the "
                    + "endpoint is " + client.service().getAccountUrl() + ".", "use an https endpoint, or leave 'customer-key' unset");
        }
        return new AzureBlobBackupStorage(client.service().getBlobContainerClient(container), settings.get("prefix", ""),
                new AzureStorageOptions(tier, key, blockSize, client.credential(), timeout));
    }

    private record Client(BlobServiceClient service, String credential) {}

    private Client client(StorageSettings settings, Duration timeout) {
        String endpoint = settings.get("endpoint");
        if (endpoint != null) {
            checkEndpoint(endpoint);
        }
        String accountSetting = settings.get("account");
        boolean placed = endpoint != null || accountSetting != null;
        String account = accountSetting != null ? accountSetting : env("AZURE_STORAGE_ACCOUNT");

        // a) A connection string names the endpoint itself.
        String connection = settings.get("connection-string");
        String connectionFrom = "the setting 'connection-string'";
        // Said in every message about the credential: a connection string in the environment looks used but is not.
        String unused = "";
        if (connection == null && !placed) {
            connection = env("AZURE_STORAGE_CONNECTION_STRING");
            connectionFrom = "the environment variable AZURE_STORAGE_CONNECTION_STRING";
        } else if (connection == null && env("AZURE_STORAGE_CONNECTION_STRING") != null) {
            unused = " (AZURE_STORAGE_CONNECTION_STRING in the environment was not used because '" + (accountSetting != null ? "account"
                    : "endpoint") + "' is set; unset 'account' and 'endpoint' to use it)";
        }
        if (connection != null) {
            BlobServiceClientBuilder builder = builder(timeout);
            try {
                builder.connectionString(connection);
            } catch (IllegalArgumentException e) {
                // The SDK's message may quote the string; never pass it on.
                throw new InvalidStorageSettingException(TYPE, "connection-string", "the connection string from " + connectionFrom
                        + " cannot be read.", "copy it from the portal (Access keys) or 'az storage account show-connection-string'");
            }
            return new Client(builder.buildClient(), connectionFrom);
        }

        // b) Account key with the account.
        String accountKey = settings.get("account-key");
        String keyFrom = "the setting 'account-key'";
        if (accountKey == null) {
            accountKey = env("AZURE_STORAGE_KEY");
            keyFrom = "the environment variable AZURE_STORAGE_KEY";
        }
        if (accountKey != null) {
            if (account == null) {
                throw new InvalidStorageSettingException(TYPE, "account", "an account key is given (" + keyFrom + ") but no account.",
                        "set 'account' (or AZURE_STORAGE_ACCOUNT) to the storage account's name");
            }
            StorageSharedKeyCredential credential;
            try {
                credential = new StorageSharedKeyCredential(account, accountKey);
            } catch (RuntimeException e) {
                throw new InvalidStorageSettingException(TYPE, "account-key", "the key from " + keyFrom + " is not a valid account key.",
                        "copy key1 or key2 from the storage account's Access keys");
            }
            return new Client(builder(timeout).endpoint(endpoint(endpoint, account)).credential(credential).buildClient(),
                    keyFrom + " for the account '" + account + "'" + unused);
        }

        // c) SAS token with the account or endpoint.
        String sas = settings.get("sas-token");
        String sasFrom = "the setting 'sas-token'";
        if (sas == null) {
            sas = env("AZURE_STORAGE_SAS_TOKEN");
            sasFrom = "the environment variable AZURE_STORAGE_SAS_TOKEN";
        }
        if (sas != null) {
            if (endpoint == null && account == null) {
                throw new InvalidStorageSettingException(TYPE, "account", "a SAS token is given (" + sasFrom + ") but neither account "
                        + "nor endpoint.", "set 'account' to the storage account's name, or 'endpoint' to its blob URL");
            }
            return new Client(builder(timeout).endpoint(endpoint(endpoint, account)).sasToken(sas).buildClient(), sasFrom + unused);
        }

        // d) The application's client, when nothing points elsewhere.
        if (!placed) {
            Optional<BlobServiceClient> shared = settings.shared().find(BlobServiceClient.class);
            if (shared.isPresent()) {
                return new Client(shared.get(), "the application's BlobServiceClient");
            }
        }

        // e) Azure's default credential chain for an account or endpoint.
        if (endpoint != null || account != null) {
            String url = endpoint(endpoint, account);
            if (!url.toLowerCase(Locale.ROOT).startsWith("https:")) {
                // Else the SDK's "Using a(n) bearer token requires https" at the first request.
                throw new InvalidStorageSettingException(TYPE, "endpoint", "no account key, SAS token or connection string was found, "
                        + "and managed identity (DefaultAzureCredential) needs https, but the endpoint is " + url + ".", "set "
                        + "AZURE_STORAGE_KEY (with 'account'), AZURE_STORAGE_SAS_TOKEN or AZURE_STORAGE_CONNECTION_STRING (for Azurite: "
                        + "AZURE_STORAGE_KEY with account devstoreaccount1 and its well-known key); or use an https endpoint to sign in "
                        + "with a managed identity or az login" + unused);
            }
            return new Client(builder(timeout).endpoint(url).credential(new DefaultAzureCredentialBuilder().build()).buildClient(),
                    "DefaultAzureCredential (managed identity, workload identity, az login) for " + url + unused);
        }
        throw new InvalidStorageSettingException(TYPE, "account", "no Azure credentials or account are given.", "set 'connection-string' "
                + "(or AZURE_STORAGE_CONNECTION_STRING); or 'account' with 'account-key' or 'sas-token' (or AZURE_STORAGE_ACCOUNT with "
                + "AZURE_STORAGE_KEY or AZURE_STORAGE_SAS_TOKEN); or 'account' alone to sign in with a managed identity or az login");
    }

    /**
     * Refuses what the SDK would take and then fail on with a bare "url is malformed" or a 404: no
     * http(s) scheme, or an emulator-style address (a port or an IP) without the account name in its
     * path, which the SDK would read as the account and so send every request to the wrong place.
     */
    private static void checkEndpoint(String endpoint) {
        URI url;
        try {
            url = new URI(endpoint);
        } catch (URISyntaxException e) {
            url = null;
        }
        String scheme = url == null || url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (url == null || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new InvalidStorageSettingException(TYPE, "endpoint", "'" + AzureErrors.withoutQuery(endpoint) + "' is not an http(s) URL.",
                    "write it like https://ACCOUNT.blob.core.windows.net, or " + AZURITE_ENDPOINT + " for Azurite");
        }
        String host = url.getHost().toLowerCase(Locale.ROOT);
        boolean emulatorStyle = url.getPort() != -1 || host.equals("localhost") || host.startsWith("[") || host.matches("[0-9.]+");
        String path = url.getPath() == null ? "" : url.getPath().replaceAll("^/+|/+$", "");
        if (emulatorStyle && path.isEmpty()) {
            throw new InvalidStorageSettingException(TYPE, "endpoint", "the account cannot be told from '" + AzureErrors.withoutQuery(endpoint)
                    + "': for Azurite and other emulators (an address with a port or an IP) the endpoint ends with the account name.",
                    "write it like " + AZURITE_ENDPOINT + " (Azurite's account), or https://ACCOUNT.blob.core.windows.net for Azure");
        }
    }

    private static String endpoint(@Nullable String endpoint, @Nullable String account) {
        return endpoint != null ? endpoint : "https://" + account + ".blob.core.windows.net";
    }

    /**
     * The JDK's HTTP client with the timeout on each try (waiting for the answer, then between reads of
     * its body), and 3 tries in all: a stalled endpoint fails after about 3 × {@code timeout}, a closed
     * one within seconds.
     */
    private static BlobServiceClientBuilder builder(Duration timeout) {
        HttpClient http = new JdkHttpClientBuilder().connectionTimeout(CONNECT_TIMEOUT).responseTimeout(timeout).readTimeout(timeout)
                .writeTimeout(timeout).build();
        int seconds = (int) Math.min(Integer.MAX_VALUE, Math.max(1, (timeout.toMillis() + 999) / 1000));
        return new BlobServiceClientBuilder().httpClient(http)
                .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, 3, seconds, 500L, 2000L, null));
    }

    private @Nullable String env(String name) {
        String value = env.apply(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static @Nullable AccessTier accessTier(StorageSettings settings) {
        String value = settings.get("access-tier");
        if (value == null) {
            return null;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "hot" -> AccessTier.HOT;
            case "cool" -> AccessTier.COOL;
            case "cold" -> AccessTier.COLD;
            case "archive" -> throw new InvalidStorageSettingException(TYPE, "access-tier", "Archive-tier blobs cannot be read until they "
                    + "are rehydrated (hours), so manifests, list, verify, restore and prune would fail for every new backup.", "use Cool or "
                    + "Cold, and a lifecycle management rule that moves blobs under PREFIX/archives/ to Archive after N days "
                    + "(docs/storage-azure.md#lifecycle-management-and-immutability)");
            default -> throw new InvalidStorageSettingException(TYPE, "access-tier", "'" + value + "' is not an access tier.",
                    "use Hot, Cool or Cold, or leave it unset for the account's default");
        };
    }

    /** @param value the setting, else AZURE_STORAGE_CUSTOMER_KEY (a secret the CLI takes only from there) */
    private static @Nullable CustomerProvidedKey customerKey(@Nullable String value) {
        if (value == null) {
            return null;
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            raw = new byte[0];
        }
        if (raw.length != 32) {
            // Never echo the value: it is a key.
            throw new InvalidStorageSettingException(TYPE, "customer-key", "it is not the base64 of 32 bytes (an AES-256 key).",
                    "generate one with 'openssl rand -base64 32' and keep it: blobs written with it cannot be read without it");
        }
        return new CustomerProvidedKey(value);
    }
}
