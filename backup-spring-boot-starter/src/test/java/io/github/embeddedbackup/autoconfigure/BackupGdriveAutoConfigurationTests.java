package io.github.embeddedbackup.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.storage.FilesystemBackupStorage;
import io.github.embeddedbackup.runtime.BackupJob;
import io.github.embeddedbackup.runtime.BackupService;
import io.github.embeddedbackup.storage.gdrive.FakeDriveServer;
import io.github.embeddedbackup.storage.gdrive.GoogleDriveBackupStorage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** backup.storage.type=gdrive and a gdrive mirror, against the local Drive server, with no code of the starter's own for Drive. */
class BackupGdriveAutoConfigurationTests {

    static FakeDriveServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = FakeDriveServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    ApplicationContextRunner runner() throws Exception {
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("app.db")); Statement statement = conn.createStatement()) {
            statement.execute("create table if not exists t (x text)");
        }
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, BackupAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=jdbc:sqlite:" + dir.resolve("app.db"), "backup.catch-up=false");
    }

    /** The server's settings as properties under {@code base}, e.g. backup.storage.gdrive. */
    static String[] properties(String base, String folder) {
        List<String> properties = new ArrayList<>();
        for (Map.Entry<String, String> setting : server.settings(folder).entrySet()) {
            properties.add(base + "." + setting.getKey() + "=" + setting.getValue());
        }
        return properties.toArray(String[]::new);
    }

    @Test
    void backsUpIntoADriveFolderAndLists() throws Exception {
        String folder = server.createFolder("primary");
        runner().withPropertyValues("backup.storage.type=gdrive", "backup.storage.gdrive.prefix=orders/")
                .withPropertyValues(properties("backup.storage.gdrive", folder)).run(context -> {
                    assertThat(context).hasNotFailed();
                    BackupService service = context.getBean(BackupService.class);
                    assertThat(service.repository().storage()).isInstanceOf(GoogleDriveBackupStorage.class);
                    assertThat(service.repository().storage().describe()).isEqualTo("gdrive://" + folder + "/orders/");

                    BackupJob job = service.trigger("test").completion().get();

                    assertThat(job.state()).as(String.valueOf(job.error())).isEqualTo(BackupJob.State.SUCCEEDED);
                    assertThat(service.repository().list().backups()).extracting(Manifest::id).containsExactly(job.backupId());
                    assertThat(server.fileNames(folder)).contains("orders/manifests/" + job.backupId() + ".json")
                            .noneMatch(name -> name.contains(".partial/"));
                });
    }

    @Test
    void aDriveMirrorBesideALocalPrimaryGetsTheSameBackup() throws Exception {
        String folder = server.createFolder("mirror");
        runner().withPropertyValues("backup.storage.local.path=" + dir.resolve("primary"), "backup.mirrors.offsite.type=gdrive",
                        "backup.mirrors.offsite.gdrive.prefix=app/")
                .withPropertyValues(properties("backup.mirrors.offsite.gdrive", folder)).run(context -> {
                    assertThat(context).hasNotFailed();
                    BackupJob job = context.getBean(BackupService.class).trigger("test").completion().get();
                    assertThat(job.state()).as(String.valueOf(job.error())).isEqualTo(BackupJob.State.SUCCEEDED);
                    assertThat(new BackupRepository(new FilesystemBackupStorage(dir.resolve("primary"))).list().backups())
                            .extracting(Manifest::id).containsExactly(job.backupId());
                    assertThat(server.fileNames(folder)).contains("app/manifests/" + job.backupId() + ".json");
                });
    }

    @Test
    void aMisspeltPropertyStopsTheStartUpNamingTheNearest() throws Exception {
        String folder = server.createFolder("typo");
        runner().withPropertyValues("backup.storage.type=gdrive", "backup.storage.gdrive.refresh-tokn=x")
                .withPropertyValues(properties("backup.storage.gdrive", folder)).run(context -> {
                    assertThat(context).hasFailed();
                    String description = new BackupFailureAnalyzer().analyze(context.getStartupFailure()).getDescription();
                    assertThat(description).contains("refresh-tokn").contains("did you mean 'refresh-token'")
                            .doesNotContain(FakeDriveServer.REFRESH_TOKEN).doesNotContain(FakeDriveServer.CLIENT_SECRET);
                });
    }
}
