package io.github.embeddedbackup.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.embeddedbackup.core.storage.BackupStorage;
import io.github.embeddedbackup.core.storage.InvalidStorageSettingException;
import io.github.embeddedbackup.core.storage.SharedClients;
import io.github.embeddedbackup.core.storage.StorageProviders;
import io.github.embeddedbackup.core.storage.StorageWriter;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** The s3 provider as the CLI and the starter reach it: through ServiceLoader, a URI and settings, against a real S3-compatible server. */
class S3StorageProviderIT {

    static S3TestServer server;
    static String bucket;

    @BeforeAll
    static void start() throws Exception {
        server = new S3TestServer();
        bucket = server.createBucket("provider");
        // The SDK's default chain reads these: the provider never takes credentials itself.
        System.setProperty("aws.accessKeyId", S3TestServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3TestServer.SECRET_KEY);
    }

    @AfterAll
    static void stop() throws Exception {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        server.close();
    }

    @Test
    void aUriAndSettingsOpenAStorageThatWritesAndReadsTheBucket() throws Exception {
        StorageProviders providers = StorageProviders.installed();
        StorageProviders.StorageLocation location = providers.parse("s3://" + bucket + "/app/");
        assertThat(location.provider().type()).isEqualTo("s3");
        assertThat(location.settings()).containsEntry("bucket", bucket).containsEntry("prefix", "app/");
        Map<String, String> settings = new HashMap<>(location.settings());
        settings.put("endpoint", server.endpoint().toString());
        settings.put("path-style", "true");
        settings.put("region", "us-east-1");
        settings.put("partSize", "5MB"); // Spring's relaxed form of part-size

        roundTrip(providers.open("s3", settings, SharedClients.none()));
        assertThat(server.client().listObjectsV2(r -> r.bucket(bucket).prefix("app/")).contents()).isNotEmpty();
    }

    @Test
    void theApplicationsClientIsReusedUnlessASettingShapesTheClient() throws Exception {
        S3Client own = server.client();
        SharedClients shared = new SharedClients() {
            @Override
            public <T> Optional<T> find(Class<T> type) {
                return type == S3Client.class ? Optional.of(type.cast(own)) : Optional.empty();
            }
        };
        // No endpoint given: only the application's client, pointed at the test server, can reach it.
        roundTrip(StorageProviders.installed().open("s3", Map.of("bucket", bucket, "prefix", "shared/"), shared));
        assertThat(own.listObjectsV2(r -> r.bucket(bucket).prefix("shared/")).contents()).isNotEmpty();
    }

    @Test
    void wrongSettingsAreRefusedNamingTheSettingAndTheFix() {
        StorageProviders providers = StorageProviders.installed();
        assertThatThrownBy(() -> providers.open("s3", Map.of("bucket", "b", "part-size", "3GB"), SharedClients.none()))
                .isInstanceOf(InvalidStorageSettingException.class).hasMessageContaining("part-size")
                .hasMessageContaining("between 5MB (S3's minimum) and 2047MB").hasMessageContaining("3072MB");
        assertThatThrownBy(() -> providers.open("s3", Map.of("bucket", "b", "server-side-encryption", "aes256"), SharedClients.none()))
                .isInstanceOf(InvalidStorageSettingException.class).hasMessageContaining("AES256 or aws:kms");
        assertThatThrownBy(() -> providers.open("s3", Map.of("bucket", "b", "regoin", "eu-central-1"), SharedClients.none()))
                .isInstanceOf(InvalidStorageSettingException.class).hasMessageContaining("did you mean 'region'");
        assertThatThrownBy(() -> providers.open("s3", Map.of("prefix", "x/"), SharedClients.none()))
                .isInstanceOf(InvalidStorageSettingException.class).hasMessageContaining("'bucket'");
        assertThatThrownBy(() -> providers.open("s3", Map.of("bucket", "b", "endpoint", "minio:9000"), SharedClients.none()))
                .isInstanceOf(InvalidStorageSettingException.class).hasMessageContaining("https://");
        assertThatThrownBy(() -> providers.parse("s3:///prefix")).hasMessageContaining("names no bucket");
    }

    private static void roundTrip(BackupStorage storage) throws Exception {
        StorageWriter writer = storage.openWriter("probe/one");
        try (writer) {
            writer.write("through the provider".getBytes(StandardCharsets.UTF_8));
        }
        try (InputStream in = storage.openReader("probe/one")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("through the provider");
        }

    }
}
