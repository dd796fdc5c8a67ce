package io.github.embeddedbackup.autoconfigure;

import io.github.embeddedbackup.autoconfigure.properties.BackupPropertyException;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.runtime.BackupJob;
import io.github.embeddedbackup.runtime.BackupService;
import io.github.embeddedbackup.storage.s3.S3BackupStorage;
import io.github.embeddedbackup.storage.s3.S3TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.awssdk.services.s3.S3Client;

/** backup.storage.type=s3 against an in-process S3-compatible server. */
class BackupS3AutoConfigurationTests {

    static S3TestServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = new S3TestServer();
        server.createBucket("app-backups");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    ApplicationContextRunner runner() throws Exception {
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("app.db")); Statement statement = conn.createStatement()) {
            statement.execute("create table if not exists t (x text)");
        }
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, BackupAutoConfiguration.class))
                .withBean(S3Client.class, server::client)
                .withPropertyValues("spring.datasource.url=jdbc:sqlite:" + dir.resolve("app.db"), "backup.catch-up=false",
                        "backup.storage.type=s3", "backup.storage.s3.bucket=app-backups", "backup.storage.s3.prefix=orders/");
    }

    @Test
    void backsUpIntoS3WithTheApplicationsClient() throws Exception {
        runner().run(context -> {
            assertThat(context).hasNotFailed();
            BackupService service = context.getBean(BackupService.class);
            assertThat(service.repository().storage()).isInstanceOf(S3BackupStorage.class);
            assertThat(service.repository().storage().describe()).isEqualTo("s3://app-backups/orders/");

            BackupJob job = service.trigger("test").completion().get();

            assertThat(job.state()).as(String.valueOf(job.error())).isEqualTo(BackupJob.State.SUCCEEDED);
            assertThat(service.repository().list().backups()).extracting(Manifest::id).containsExactly(job.backupId());
            try (S3Client client = server.client()) {
                assertThat(client.listObjectsV2(request -> request.bucket("app-backups").prefix("orders/")).contents())
                        .as("the archive, the manifest and the first-start marker, and no probe left behind")
                        .extracting(object -> object.key().replaceAll("[0-9]{8}T[0-9]{6}Z-[0-9a-f]{6}", "ID"))
                        .containsExactlyInAnyOrder("orders/archives/ID.tar.zst", "orders/manifests/ID.json", "orders/state/first-start");
            }
        });
    }

    @Test
    void withoutTheS3ModuleTheErrorSaysWhichDependencyToAdd() throws Exception {
        // What a missing jar looks like to ServiceLoader: the S3 module's provider registration is not there.
        runner().withClassLoader(new WithoutS3Module()).run(context -> {
            assertThat(context).hasFailed();
            assertThat(new BackupFailureAnalyzer().analyze(context.getStartupFailure()).getAction())
                    .contains("io.github.embeddedbackup:backup-storage-s3");
        });
    }

    @Test
    void aMissingBucketFailsTheStartUpSelfTestNamingTheProperty() throws Exception {
        runner().withPropertyValues("backup.storage.s3.bucket=no-such-bucket").run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            while (failure != null && !(failure instanceof BackupPropertyException)) {
                failure = failure.getCause();
            }
            assertThat(failure).isInstanceOfSatisfying(BackupPropertyException.class, e -> {
                assertThat(e.property()).isEqualTo("backup.storage.s3");
                assertThat(e.getMessage()).contains("start-up self-test").contains("the bucket 'no-such-bucket' does not exist");
            });
        });
    }

    /** Hides the storage registration of backup-storage-s3 (its jar or target/classes), as if the module were not a dependency. */
    private static final class WithoutS3Module extends ClassLoader {

        WithoutS3Module() {
            super(BackupS3AutoConfigurationTests.class.getClassLoader());
        }

        @Override
        public java.util.Enumeration<java.net.URL> getResources(String name) throws java.io.IOException {
            java.util.List<java.net.URL> kept = new java.util.ArrayList<>();
            for (java.net.URL url : java.util.Collections.list(super.getResources(name))) {
                if (!(name.startsWith("META-INF/services/") && url.toString().contains("backup-storage-s3"))) {
                    kept.add(url);
                }
            }
            return java.util.Collections.enumeration(kept);
        }
    }
}
