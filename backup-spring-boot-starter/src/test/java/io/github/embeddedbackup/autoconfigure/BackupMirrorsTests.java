package io.github.embeddedbackup.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.storage.FilesystemBackupStorage;
import io.github.embeddedbackup.runtime.BackupJob;
import io.github.embeddedbackup.runtime.BackupService;
import io.github.embeddedbackup.storage.s3.S3TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.awssdk.services.s3.S3Client;

/** backup.mirrors.*: every backup also goes to further destinations, each with its own retention. */
class BackupMirrorsTests {

    @TempDir
    Path dir;

    ApplicationContextRunner runner() throws Exception {
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("app.db")); Statement statement = conn.createStatement()) {
            statement.execute("create table if not exists t (x text)");
        }
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, BackupAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=jdbc:sqlite:" + dir.resolve("app.db"), "backup.catch-up=false",
                        "backup.storage.local.path=" + dir.resolve("primary"));
    }

    @Test
    void aLocalMirrorReceivesEveryBackupAndKeepsByItsOwnRetention() throws Exception {
        runner().withPropertyValues("backup.mirrors.copy.local.path=" + dir.resolve("copy"), "backup.mirrors.copy.retention.keep-last=1",
                        "backup.mirrors.copy.retention.keep-within=0")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    BackupService service = context.getBean(BackupService.class);
                    for (int i = 0; i < 3; i++) {
                        assertThat(service.trigger("test").completion().get().state()).isEqualTo(BackupJob.State.SUCCEEDED);
                    }
                    assertThat(new BackupRepository(new FilesystemBackupStorage(dir.resolve("primary"))).list().backups()).hasSize(3);
                    assertThat(new BackupRepository(new FilesystemBackupStorage(dir.resolve("copy"))).list().backups())
                            .as("keep-last 1 in the mirror").hasSize(1)
                            .first().satisfies(m -> assertThat(m.id()).isEqualTo(service.history().lastBackupId()));
                });
    }

    @Test
    void anS3MirrorWithItsOwnSettingsReceivesTheBackup() throws Exception {
        try (S3TestServer server = new S3TestServer()) {
            server.createBucket("offsite");
            System.setProperty("aws.accessKeyId", S3TestServer.ACCESS_KEY);
            System.setProperty("aws.secretAccessKey", S3TestServer.SECRET_KEY);
            try {
                runner().withPropertyValues("backup.mirrors.offsite.type=s3", "backup.mirrors.offsite.s3.bucket=offsite",
                                "backup.mirrors.offsite.s3.prefix=app/", "backup.mirrors.offsite.s3.endpoint=" + server.endpoint(),
                                "backup.mirrors.offsite.s3.path-style=true", "backup.mirrors.offsite.s3.region=us-east-1")
                        .run(context -> {
                            assertThat(context).hasNotFailed();
                            BackupJob job = context.getBean(BackupService.class).trigger("test").completion().get();
                            assertThat(job.state()).as(String.valueOf(job.error())).isEqualTo(BackupJob.State.SUCCEEDED);
                            try (S3Client client = server.client()) {
                                assertThat(client.listObjectsV2(request -> request.bucket("offsite").prefix("app/manifests/")).contents())
                                        .singleElement().satisfies(object -> assertThat(object.key()).contains(job.backupId()));
                            }
                        });
            } finally {
                System.clearProperty("aws.accessKeyId");
                System.clearProperty("aws.secretAccessKey");
            }
        }
    }

    @Test
    void aMirrorThatCannotBeWrittenStopsStartUpNamingItsProperty() throws Exception {
        Files.writeString(dir.resolve("blocker"), "a file");
        runner().withPropertyValues("backup.mirrors.broken.local.path=" + dir.resolve("blocker/copy")).run(context -> {
            assertThat(context).hasFailed();
            assertThat(new BackupFailureAnalyzer().analyze(context.getStartupFailure()).getDescription())
                    .contains("backup.mirrors.broken").contains("self-test");
        });
    }

    @Test
    void anOptionalMirrorThatCannotBeWrittenIsLoggedAndBackupsGoOn() throws Exception {
        Files.writeString(dir.resolve("blocker"), "a file");
        runner().withPropertyValues("backup.mirrors.broken.local.path=" + dir.resolve("blocker/copy"), "backup.mirrors.broken.required=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    BackupJob job = context.getBean(BackupService.class).trigger("test").completion().get();
                    assertThat(job.state()).as(String.valueOf(job.error())).isEqualTo(BackupJob.State.SUCCEEDED);
                });
    }
}
