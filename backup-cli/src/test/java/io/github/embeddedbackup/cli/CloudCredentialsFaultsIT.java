package io.github.embeddedbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.storage.s3.S3TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cloud storage without credentials says so, at once (issue 12, item 18). The CLI runs with an empty
 * environment; the cloud SDKs' metadata-server lookups are switched off so nothing leaves this machine.
 */
@Tag("fault-matrix")
class CloudCredentialsFaultsIT {

    /** No metadata servers: the tests reach nothing but loopback. */
    static final Map<String, String> OFFLINE = Map.of("AWS_EC2_METADATA_DISABLED", "true", "NO_GCE_CHECK", "true",
            "AWS_REGION", "us-east-1");

    static S3TestServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = new S3TestServer();
        server.createBucket("creds");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void s3WithoutCredentialsSaysSoInsteadOfBlamingTheEndpoint() throws Exception {
        Cli.Result list = new Cli(dir).run(OFFLINE, true, Duration.ofMinutes(2), "list", "--storage", "s3://creds/app",
                "--s3-endpoint", server.endpoint().toString(), "--s3-path-style");
        assertThat(list.exit()).as(list.toString()).isNotZero();
        assertThat(list.stderr()).contains("no AWS credentials found").contains("AWS_ACCESS_KEY_ID")
                .doesNotContain("cannot be reached").doesNotContain("\tat ");
    }

    @Test
    void gcsWithoutCredentialsFailsFastNamingWhatToSet() throws Exception {
        Cli.Result list = new Cli(dir).run(OFFLINE, true, Duration.ofSeconds(40), "list", "--storage", "gs://some-bucket/app");
        assertThat(list.exit()).as(list.toString()).isEqualTo(2);
        assertThat(list.stderr()).contains("No Google credentials found").contains("GOOGLE_APPLICATION_CREDENTIALS")
                .doesNotContain("code 0");
        assertThat(list.took()).as("no retries before the message").isLessThan(Duration.ofSeconds(20));
    }
}
