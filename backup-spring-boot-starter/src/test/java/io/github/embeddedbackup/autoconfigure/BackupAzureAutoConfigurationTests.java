package io.github.embeddedbackup.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import io.github.embeddedbackup.autoconfigure.actuate.BackupEndpoint;
import io.github.embeddedbackup.autoconfigure.actuate.BackupEndpointAutoConfiguration;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.runtime.BackupJob;
import io.github.embeddedbackup.runtime.BackupService;
import io.github.embeddedbackup.storage.azure.AzureBlobBackupStorage;
import io.github.embeddedbackup.storage.azure.AzuriteServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** backup.storage.type=azure and an azure mirror, against Azurite: the starter takes the module without a change of its own. */
class BackupAzureAutoConfigurationTests {

    static AzuriteServer azurite;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        azurite = AzuriteServer.start();
        azurite.createContainer("app-backups");
        azurite.createContainer("offsite");
    }

    @AfterAll
    static void stop() {
        if (azurite != null) {
            azurite.close();
        }
    }

    ApplicationContextRunner runner() throws Exception {
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("app.db")); Statement statement = conn.createStatement()) {
            statement.execute("create table if not exists t (x text)");
        }
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, BackupAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=jdbc:sqlite:" + dir.resolve("app.db"), "backup.catch-up=false");
    }

    @Test
    void backsUpIntoAzureWithAConnectionString() throws Exception {
        runner().withPropertyValues("backup.storage.type=azure", "backup.storage.azure.container=app-backups",
                "backup.storage.azure.prefix=orders/", "backup.storage.azure.connection-string=" + azurite.connectionString()).run(context -> {
            assertThat(context).hasNotFailed();
            BackupService service = context.getBean(BackupService.class);
            assertThat(service.repository().storage()).isInstanceOf(AzureBlobBackupStorage.class);
            assertThat(service.repository().storage().describe()).isEqualTo("azure://app-backups/orders/ at 127.0.0.1:" + azurite.port());

            BackupJob job = service.trigger("test").completion().get();

            assertThat(job.state()).as(String.valueOf(job.error())).isEqualTo(BackupJob.State.SUCCEEDED);
            assertThat(service.repository().list().backups()).extracting(Manifest::id).containsExactly(job.backupId());
            assertThat(blobs("app-backups", "orders/manifests/")).singleElement().asString().contains(job.backupId());
        });
    }

    @Test
    void anAzureMirrorBesideALocalPrimaryGetsTheSameBackup() throws Exception {
        runner().withPropertyValues("backup.storage.local.path=" + dir.resolve("primary"), "backup.mirrors.offsite.type=azure",
                "backup.mirrors.offsite.azure.container=offsite", "backup.mirrors.offsite.azure.prefix=app/",
                "backup.mirrors.offsite.azure.connection-string=" + azurite.connectionString()).run(context -> {
            assertThat(context).hasNotFailed();
            BackupService service = context.getBean(BackupService.class);
            BackupJob job = service.trigger("test").completion().get();
            assertThat(job.state()).as(String.valueOf(job.error())).isEqualTo(BackupJob.State.SUCCEEDED);
            assertThat(service.repository().list().backups()).extracting(Manifest::id).containsExactly(job.backupId());
            assertThat(blobs("offsite", "app/manifests/")).singleElement().asString().contains(job.backupId());
            assertThat(blobs("offsite", "app/archives/")).singleElement().asString().contains(job.backupId());
        });
    }

    @Test
    void theApplicationsBlobServiceClientIsReused() throws Exception {
        runner().withBean(BlobServiceClient.class, azurite::client)
                .withPropertyValues("backup.storage.type=azure", "backup.storage.azure.container=app-backups",
                        "backup.storage.azure.prefix=bean/").run(context -> {
            assertThat(context).hasNotFailed();
            BackupJob job = context.getBean(BackupService.class).trigger("test").completion().get();
            assertThat(job.state()).as(String.valueOf(job.error())).isEqualTo(BackupJob.State.SUCCEEDED);
            assertThat(blobs("app-backups", "bean/manifests/")).singleElement().asString().contains(job.backupId());
        });
    }

    @Test
    void aMisspeltPropertyStopsStartUpNamingTheNearestOne() throws Exception {
        runner().withPropertyValues("backup.storage.type=azure", "backup.storage.azure.contianer=app-backups",
                "backup.storage.azure.connection-string=" + azurite.connectionString()).run(context -> {
            assertThat(context).hasFailed();
            StringBuilder messages = new StringBuilder();
            for (Throwable failure = context.getStartupFailure(); failure != null; failure = failure.getCause()) {
                messages.append(failure.getMessage()).append('\n');
            }
            assertThat(messages.toString()).contains("contianer").contains("did you mean 'container'")
                    .doesNotContain(AzuriteServer.KEY);
        });
    }

    @Test
    void anAzureStorageThatCannotBeReachedAtStartUpDoesNotKeepTheApplicationFromStarting() throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort(); // nothing listens here once closed: connection refused, as in an outage
        }
        String down = "DefaultEndpointsProtocol=http;AccountName=" + AzuriteServer.ACCOUNT + ";AccountKey=" + AzuriteServer.KEY
                + ";BlobEndpoint=http://127.0.0.1:" + closed + "/" + AzuriteServer.ACCOUNT + ";";
        // As the primary: the start-up self-test logs it, the application starts, and a backup fails without taking it down.
        runner().withConfiguration(AutoConfigurations.of(BackupEndpointAutoConfiguration.class))
                .withPropertyValues("backup.storage.type=azure", "backup.storage.azure.container=app-backups",
                        "backup.storage.azure.connection-string=" + down, "management.endpoints.web.exposure.include=backup").run(context -> {
                    assertThat(context).hasNotFailed();
                    BackupJob job = context.getBean(BackupService.class).trigger("test").completion().get();
                    assertThat(job.state()).isEqualTo(BackupJob.State.FAILED);
                    assertThat(job.error()).contains("127.0.0.1:" + closed).doesNotContain(AzuriteServer.KEY);
                    // /actuator/backup still answers, saying why the storage cannot be listed, instead of a 500.
                    BackupEndpoint.StorageDescriptor storage = context.getBean(BackupEndpoint.class).status().storage();
                    assertThat(storage.backups()).isNull();
                    assertThat(storage.error()).contains("127.0.0.1:" + closed).doesNotContain(AzuriteServer.KEY);
                });
        // As an optional mirror: backups still succeed into the primary.
        runner().withPropertyValues("backup.storage.local.path=" + dir.resolve("local"), "backup.mirrors.offsite.type=azure",
                "backup.mirrors.offsite.required=false", "backup.mirrors.offsite.azure.container=offsite",
                "backup.mirrors.offsite.azure.connection-string=" + down).run(context -> {
                    assertThat(context).hasNotFailed();
                    BackupJob job = context.getBean(BackupService.class).trigger("test").completion().get();
                    assertThat(job.state()).as(String.valueOf(job.error())).isEqualTo(BackupJob.State.SUCCEEDED);
                });
    }

    @Test
    void aMissingContainerStillStopsStartUpNamingTheProperty() throws Exception {
        runner().withPropertyValues("backup.storage.type=azure", "backup.storage.azure.container=no-such-container",
                "backup.storage.azure.connection-string=" + azurite.connectionString()).run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(new BackupFailureAnalyzer().analyze(context.getStartupFailure()).getDescription())
                            .contains("backup.storage").contains("self-test").contains("no-such-container");
                });
    }

    private static List<String> blobs(String container, String prefix) {
        return azurite.client().getBlobContainerClient(container).listBlobs(new ListBlobsOptions().setPrefix(prefix), null).stream()
                .map(BlobItem::getName).toList();
    }
}
