package io.github.embeddedbackup.autoconfigure.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.autoconfigure.BackupAutoConfiguration;
import io.github.embeddedbackup.autoconfigure.properties.BackupPropertyException;
import io.github.embeddedbackup.autoconfigure.api.BackupApiAutoConfiguration;
import io.github.embeddedbackup.autoconfigure.api.BackupApiController;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

/** When the console is served, where, and what a wrong {@code backup.ui.path} says. */
class BackupUiAutoConfigurationTests {

    @TempDir
    Path dir;

    WebApplicationContextRunner runner() throws Exception {
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("app.db")); Statement statement = conn.createStatement()) {
            statement.execute("create table if not exists t (x text)");
        }
        return new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, BackupAutoConfiguration.class,
                        BackupApiAutoConfiguration.class, BackupUiAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=jdbc:sqlite:" + dir.resolve("app.db"), "backup.catch-up=false",
                        "backup.storage.local.path=" + dir.resolve("backups"));
    }

    @Test
    void servedAtBackupUiWheneverTheApiIs() throws Exception {
        runner().run(context -> {
            assertThat(context).hasNotFailed();
            FilterRegistrationBean<?> filter = context.getBean("backupUiFilter", FilterRegistrationBean.class);
            assertThat(filter.getUrlPatterns()).containsExactlyInAnyOrder("/backup-ui/*", "/backup-ui");
        });
    }

    @Test
    void servedAtTheConfiguredPathWithOrWithoutItsTrailingSlash() throws Exception {
        for (String path : new String[] {"/admin/backups", "/admin/backups/"}) {
            runner().withPropertyValues("backup.ui.path=" + path).run(context -> assertThat(
                    context.getBean("backupUiFilter", FilterRegistrationBean.class).getUrlPatterns())
                    .containsExactlyInAnyOrder("/admin/backups/*", "/admin/backups"));
        }
    }

    @Test
    void notServedWhenSwitchedOffOrWhenTheApiIsOff() throws Exception {
        runner().withPropertyValues("backup.ui.enabled=false").run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean("backupUiFilter");
            assertThat(context).hasSingleBean(BackupApiController.class);
        });
        runner().withPropertyValues("backup.api.enabled=false").run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("backupUiFilter"));
    }

    @Test
    void aPathThatCannotBeServedIsRefusedNamingTheProperty() throws Exception {
        for (String path : new String[] {"backup-ui", "/", "/backup ui/", "/backup-ui/**", "/a//b", "/a/../b/", "/./", "/backup-ui/.."}) {
            runner().withPropertyValues("backup.ui.path=" + path).run(context -> {
                assertThat(context).as(path).hasFailed();
                assertThat(rootCause(context.getStartupFailure()).getMessage()).as(path).contains("backup.ui.path").contains("/backup-ui/");
            });
        }
    }

    @Test
    void aPathOverlappingTheApisOrActuatorsIsRefusedNamingBothProperties() throws Exception {
        for (String path : new String[] {"/api/backup/", "/api/", "/api/backup/ui/", "/actuator/", "/actuator/backup-ui/"}) {
            runner().withPropertyValues("backup.ui.path=" + path).run(context -> {
                assertThat(context).as(path).hasFailed();
                // The starter's failure analyzer reports it as "Backup setting 'backup.ui.path': …".
                assertThat(rootCause(context.getStartupFailure())).as(path).isInstanceOfSatisfying(BackupPropertyException.class, refused -> {
                    assertThat(refused.property()).isEqualTo("backup.ui.path");
                    assertThat(refused.getMessage()).containsAnyOf("backup.api.base-path", "management.endpoints.web.base-path");
                });
            });
        }
        runner().withPropertyValues("backup.ui.path=/api/backup-ui/").run(context -> assertThat(context).hasNotFailed());
        runner().withPropertyValues("backup.ui.path=/actuator/", "management.server.port=0").run(context -> assertThat(context).hasNotFailed());
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
