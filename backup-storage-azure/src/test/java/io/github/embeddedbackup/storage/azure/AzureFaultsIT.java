package io.github.embeddedbackup.storage.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.embeddedbackup.core.storage.BackupStorage;
import io.github.embeddedbackup.core.storage.SharedClients;
import io.github.embeddedbackup.core.storage.StorageException;
import io.github.embeddedbackup.core.storage.StorageProviders;
import io.github.embeddedbackup.core.storage.StorageWriter;
import io.github.embeddedbackup.core.testing.CapturedStderr;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a user reads when Azure says no: each mapped error names its cause and fix, and never a secret. */
class AzureFaultsIT {

    /** A valid key of the right length that is not the account's. */
    static final String WRONG_KEY = java.util.Base64.getEncoder().encodeToString(new byte[64]).replace("AAAA", "BBBB");
    static final String SAS_SIGNATURE = "Zm9vYmFyc2VjcmV0c2lnbmF0dXJl";
    static final String SAS = "sv=2023-11-03&ss=b&srt=sco&sp=rwdl&se=2099-01-01T00:00:00Z&sig=" + SAS_SIGNATURE;

    static AzuriteServer azurite;
    static final StorageProviders providers = StorageProviders.installed();

    @BeforeAll
    static void start() {
        azurite = AzuriteServer.start();
        azurite.createContainer("present");
    }

    @AfterAll
    static void stop() {
        if (azurite != null) {
            azurite.close();
        }
    }

    @Test
    void aMissingContainerIsNamedWithTheCommandToCreateIt() {
        BackupStorage storage = open(Map.of("container", "no-such-container", "connection-string", azurite.connectionString()));
        assertThatThrownBy(() -> write(storage, "a/b", new byte[10])).isInstanceOf(IOException.class)
                .hasMessageContaining("container 'no-such-container' does not exist")
                .hasMessageContaining("az storage container create --name no-such-container").hasMessageContaining("'a/b'");
        assertThatThrownBy(() -> storage.list("")).isInstanceOf(StorageException.class).hasMessageContaining("'no-such-container'");
        assertThatThrownBy(() -> storage.stat("a/b")).isInstanceOf(StorageException.class).hasMessageContaining("'no-such-container'");
    }

    @Test
    void aWrongAccountKeyNamesTheRoleAndTheSettingButNotTheKey() {
        BackupStorage storage = open(Map.of("container", "present", "endpoint", azurite.endpoint(), "account", AzuriteServer.ACCOUNT,
                "account-key", WRONG_KEY));
        assertThatThrownBy(() -> storage.list("")).isInstanceOf(StorageException.class).hasMessageContaining("403")
                .hasMessageContaining("Storage Blob Data Contributor").hasMessageContaining("'account-key'")
                .hasMessageContaining("'present'").hasMessageNotContaining(WRONG_KEY);
    }

    @Test
    void aRejectedSasTokenIsNeverQuoted() {
        List<String> messages = new ArrayList<>();
        try (CapturedStderr logs = new CapturedStderr()) {
            BackupStorage storage = open(Map.of("container", "present", "endpoint", azurite.endpoint(), "sas-token", SAS));
            for (Runnable action : List.<Runnable>of(() -> storage.list(""), () -> storage.stat("x"), () -> storage.delete("x"),
                    () -> {
                        try {
                            write(storage, "x", new byte[3]);
                        } catch (IOException e) {
                            throw new StorageException(e.getMessage(), storage.describe(), "x", e);
                        }
                    })) {
                assertThatThrownBy(action::run).satisfies(e -> messages.add(e.getMessage()));
            }
            messages.addAll(logs.lines());
        }
        assertThat(messages).isNotEmpty().allSatisfy(line -> assertThat(line).doesNotContain(SAS_SIGNATURE).doesNotContain("sig="));
        assertThat(messages.get(0)).contains("Storage Blob Data Contributor").contains("'sas-token'").contains("sp=rwdl");
    }

    @Test
    void aClosedPortNamesTheEndpointWithinSeconds() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + port + "/" + AzuriteServer.ACCOUNT;
        BackupStorage storage = open(Map.of("container", "present", "endpoint", endpoint, "account", AzuriteServer.ACCOUNT,
                "account-key", AzuriteServer.KEY));
        long start = System.nanoTime();
        assertThatThrownBy(() -> storage.list("")).isInstanceOf(StorageException.class)
                .hasMessageContaining("the endpoint " + endpoint + " cannot be reached").hasMessageContaining("'endpoint'");
        assertThat((System.nanoTime() - start) / 1_000_000_000.0).as("seconds until the failure").isLessThan(20);
    }

    /** The user set AZURE_STORAGE_CONNECTION_STRING and an account: the message says why the string played no part. */
    @Test
    void anUnreachableEndpointSaysTheConnectionStringInTheEnvironmentWasNotUsed() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Map<String, String> env = Map.of("AZURE_STORAGE_CONNECTION_STRING", azurite.connectionString(), "AZURE_STORAGE_KEY", AzuriteServer.KEY);
        StorageProviders withEnv = StorageProviders.of(List.of(new AzureStorageProvider(env::get)));
        BackupStorage storage = withEnv.open("azure", Map.of("container", "present", "account", AzuriteServer.ACCOUNT,
                "endpoint", "http://127.0.0.1:" + port + "/" + AzuriteServer.ACCOUNT), SharedClients.none());
        assertThatThrownBy(() -> storage.list("")).isInstanceOf(StorageException.class).hasMessageContaining("cannot be reached")
                .hasMessageContaining("AZURE_STORAGE_CONNECTION_STRING in the environment was not used because 'account' is set")
                .hasMessageContaining("AZURE_STORAGE_KEY").hasMessageNotContaining(AzuriteServer.KEY);
    }

    /** Each of the 3 tries waits {@code timeout}: with 2s the failure comes after about 6 s, not 2 s (one try) nor 8+ (4 tries). */
    @Test
    void aSilentEndpointNamesTheTimeoutSetting() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // accepted, never answered
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.start();
            String endpoint = "http://127.0.0.1:" + silent.getLocalPort() + "/" + AzuriteServer.ACCOUNT;
            BackupStorage storage = open(Map.of("container", "present", "endpoint", endpoint, "account", AzuriteServer.ACCOUNT,
                    "account-key", AzuriteServer.KEY, "timeout", "2s"));
            long start = System.nanoTime();
            assertThatThrownBy(() -> storage.list("")).isInstanceOf(StorageException.class)
                    .hasMessageContaining("did not answer within the timeout (PT2S per request, the setting 'timeout')");
            assertThat((System.nanoTime() - start) / 1_000_000_000.0).as("seconds until the failure").isBetween(5.0, 11.0);
            assertThat(accepted).as("connections opened: one per try").hasSize(3);
        }
    }

    @Test
    void noSecretReachesTheLogsOrMessagesOfAWorkingStorage() throws Exception {
        List<String> lines;
        try (CapturedStderr logs = new CapturedStderr()) {
            BackupStorage storage = open(Map.of("container", "present", "prefix", "secrets", "connection-string", azurite.connectionString()));
            write(storage, "a", new byte[] {1, 2, 3});
            assertThat(storage.list("")).hasSize(1);
            storage.delete("a");
            lines = new ArrayList<>(logs.lines());
            lines.add(storage.describe());
            lines.add(storage.toString());
        }
        assertThat(lines).allSatisfy(line -> assertThat(line).doesNotContain(AzuriteServer.KEY).doesNotContain("AccountKey"));
    }

    static BackupStorage open(Map<String, String> settings) {
        return providers.open("azure", settings, SharedClients.none());
    }

    static void write(BackupStorage storage, String key, byte[] data) throws IOException {
        try (StorageWriter writer = storage.openWriter(key)) {
            writer.write(data);
        }
    }
}
