package io.github.embeddedbackup.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.runtime.BackupService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * A misspelt name under a source, a restore target, the DataSource or a mirror stops the start-up with the nearest
 * name: Spring would ignore it, and the backup would silently leave out what the user meant.
 */
@Tag("fault-matrix")
class BackupSettingNamesFaultsTests {

    @TempDir
    Path dir;

    ApplicationContextRunner runner() throws Exception {
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("app.db")); Statement statement = conn.createStatement()) {
            statement.execute("create table if not exists t (x text)");
        }
        Files.createDirectories(dir.resolve("uploads"));
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, BackupAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=jdbc:sqlite:" + dir.resolve("app.db"), "backup.catch-up=false",
                        "backup.storage.local.path=" + dir.resolve("backups"));
    }

    @ParameterizedTest
    @CsvSource({
            "backup.sources.uploads.pth,                backup.sources.uploads.pth,      path",
            "backup.sources.db2.passwd,                  backup.sources.db2.passwd,       password",
            "backup.datasource.dump-tol,                 backup.datasource.dump-tol,      dump-tool",
            "backup.mirrors.copy.requird,                backup.mirrors.copy.requird,     required",
            "backup.restore.targets.copy.usrname,        backup.restore.targets.copy.usrname, username"})
    void aMisspeltNameStopsTheStartUpNamingTheNearest(String property, String named, String nearest) throws Exception {
        runner().withPropertyValues(property + "=x", "backup.sources.db2.url=jdbc:sqlite:" + dir.resolve("other.db"),
                "backup.mirrors.copy.local.path=" + dir.resolve("copy"), "backup.restore.targets.copy.path=" + dir.resolve("restored"))
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new BackupFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains(named).contains("did you mean '" + nearest + "'");
                });
    }

    @Test
    void everyRealNameInEveryFormIsTaken() throws Exception {
        runner().withPropertyValues("backup.sources.uploads.path=" + dir.resolve("uploads"), "backup.sources.uploads.includes[0]=**/*.png",
                "backup.sources.uploads.excludes=tmp/**", "backup.sources.db2.url=jdbc:sqlite:" + dir.resolve("other.db"),
                "backup.sources.db2.dumpTool=sqlite3", "backup.sources.db2.options.client-ssl-ca=/etc/ca.pem",
                "backup.datasource.name=app", "backup.datasource.restore-tool=sqlite3",
                "backup.mirrors.copy.local.path=" + dir.resolve("copy"), "backup.mirrors.copy.required=false",
                "backup.mirrors.copy.retention.keep-last=2").run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(BackupService.class).sources()).extracting(source -> source.name())
                            .containsExactlyInAnyOrder("app", "uploads", "db2");
                });
    }
}
