package io.github.embeddedbackup.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Issue 12 item 17: a numeric setting out of range stops the start-up with Spring Boot's failure
 * report naming the property and the valid range, never a raw stack trace or a core rule name.
 */
@Tag("fault-matrix")
class BackupPropertyFaultsTests {

    @TempDir
    Path dir;

    ApplicationContextRunner runner() throws Exception {
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("app.db")); Statement statement = conn.createStatement()) {
            statement.execute("create table if not exists t (x text)");
        }
        // Never called: the settings are refused before any request.
        S3Client client = S3Client.builder().region(Region.US_EAST_1).endpointOverride(URI.create("http://127.0.0.1:9"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("id", "secret"))).build();
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, BackupAutoConfiguration.class))
                .withBean(S3Client.class, () -> client)
                .withPropertyValues("spring.datasource.url=jdbc:sqlite:" + dir.resolve("app.db"), "backup.catch-up=false",
                        "backup.storage.local.path=" + dir.resolve("backups"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "backup.storage.type=s3,backup.storage.s3.bucket=b,backup.storage.s3.part-size=1MB | backup.storage.s3.part-size | between 5MB (S3's minimum) and 2047MB | 1MB",
        "backup.storage.type=s3,backup.storage.s3.bucket=b,backup.storage.s3.part-size=3GB | backup.storage.s3.part-size | between 5MB (S3's minimum) and 2047MB | 3072MB",
        "backup.mirrors.offsite.type=s3,backup.mirrors.offsite.s3.bucket=b,backup.mirrors.offsite.s3.region=us-east-1,backup.mirrors.offsite.s3.part-size=4MB | backup.mirrors.offsite.s3.part-size | between 5MB (S3's minimum) and 2047MB | 4MB",
        "backup.compression.level=25 | backup.compression.level | between 1 and 19 | 25",
        "backup.compression.type=gzip,backup.compression.level=0 | backup.compression.level | between 1 and 9 | 0",
        "backup.compression.threads=-2 | backup.compression.threads | between 0 and 64 | -2",
        "backup.compression.part-size=4GB | backup.compression.part-size | between 1KB and 512MB | 4096MB",
        "backup.retention.keep-last=-1 | backup.retention.keep-last | must not be negative | -1",
        "backup.retention.keep-daily=-3 | backup.retention.keep-daily | must not be negative | -3",
        "backup.retention.max-total-size=-1B | backup.retention.max-total-size | must be positive | -1",
        "backup.mirrors.copy.local.path=/tmp/x,backup.mirrors.copy.retention.keep-weekly=-1 | backup.mirrors.copy.retention.keep-weekly | must not be negative | -1",
    })
    void anOutOfRangeValueIsRefusedNamingThePropertyAndTheRange(String settings, String property, String range, String value)
            throws Exception {
        runner().withPropertyValues(settings.split(",")).run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new BackupFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).as("the failure analyzer reports it").isNotNull();
            assertThat(analysis.getDescription()).startsWith("Backup setting '" + property + "': ").contains(range).contains(value)
                    .doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("keepLast").doesNotContain("partSize");
            assertThat(analysis.getAction()).startsWith("Fix '" + property + "': ");
        });
    }
}
