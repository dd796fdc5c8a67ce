package io.github.embeddedbackup.autoconfigure;

import io.github.embeddedbackup.autoconfigure.properties.BackupPropertyException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.embeddedbackup.autoconfigure.actuate.BackupEndpointAutoConfiguration;
import io.github.embeddedbackup.autoconfigure.actuate.BackupHealthAutoConfiguration;
import io.github.embeddedbackup.autoconfigure.actuate.BackupHealthIndicator;
import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.runtime.BackupJob;
import io.github.embeddedbackup.runtime.BackupService;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Issue 12 item 12: a DataSource the starter cannot back up (embedded H2, an H2 or MariaDB URL, none at all)
 * never stops the application; one warning says which, why and what to set; nothing is attempted.
 */
@Tag("fault-matrix")
@ExtendWith(OutputCaptureExtension.class)
class BackupDataSourceFaultsTests {

    @TempDir
    Path dir;

    /** Catch-up on, as in a fresh application: with nothing to back up it must not run. */
    ApplicationContextRunner runner(boolean withDataSource) {
        AutoConfigurations configurations = withDataSource
                ? AutoConfigurations.of(DataSourceAutoConfiguration.class, BackupAutoConfiguration.class, BackupHealthAutoConfiguration.class,
                        BackupEndpointAutoConfiguration.class)
                : AutoConfigurations.of(BackupAutoConfiguration.class, BackupHealthAutoConfiguration.class, BackupEndpointAutoConfiguration.class);
        return new ApplicationContextRunner().withConfiguration(configurations)
                .withPropertyValues("backup.storage.local.path=" + dir.resolve("backups"));
    }

    @Test
    void anEmbeddedH2DataSourceIsNamedInOneWarningAndTheApplicationStarts(CapturedOutput output) {
        runner(true).run(context -> {
            assertThat(context).hasNotFailed();
            assertNothingIsBackedUp(context.getBean(BackupService.class), context.getBean(BackupScheduler.class),
                    context.getBean(BackupHealthIndicator.class));
        });
        assertOneWarning(output, "The application's DataSource is not backed up: spring.datasource.url is not set (an embedded database such as H2");
    }

    @Test
    void anExplicitH2UrlIsNamedWithoutItsPasswordAndTheApplicationStarts(CapturedOutput output) {
        runner(true).withPropertyValues("spring.datasource.url=jdbc:h2:mem:orders", "spring.datasource.password=s3cret-pw").run(context -> {
            assertThat(context).hasNotFailed();
            assertNothingIsBackedUp(context.getBean(BackupService.class), context.getBean(BackupScheduler.class),
                    context.getBean(BackupHealthIndicator.class));
        });
        assertOneWarning(output, "The application's DataSource (jdbc:h2:mem:orders) is not backed up: embedded databases such as H2");
        assertThat(output).doesNotContain("s3cret-pw");
    }

    @Test
    void aDatabaseNoProviderTakesIsNamedAndTheApplicationStarts(CapturedOutput output) {
        // The H2 driver stands in for Oracle's (not on the test class path): nothing connects, only the URL counts.
        runner(true).withPropertyValues("spring.datasource.url=jdbc:oracle:thin:@//127.0.0.1:1521/shop",
                "spring.datasource.driver-class-name=org.h2.Driver").run(context -> {
            assertThat(context).hasNotFailed();
            assertNothingIsBackedUp(context.getBean(BackupService.class), context.getBean(BackupScheduler.class),
                    context.getBean(BackupHealthIndicator.class));
        });
        assertOneWarning(output, "(jdbc:oracle:thin:@//127.0.0.1:1521/shop) is not backed up: no source for 'oracle' databases is installed");
    }

    @Test
    void withoutAnyDataSourceOneWarningSaysThereIsNothingToBackUp(CapturedOutput output) {
        runner(false).run(context -> {
            assertThat(context).hasNotFailed();
            assertNothingIsBackedUp(context.getBean(BackupService.class), context.getBean(BackupScheduler.class),
                    context.getBean(BackupHealthIndicator.class));
        });
        assertOneWarning(output, "Nothing to back up: the application has no DataSource the starter can use");
    }

    @Test
    void anUnsupportedDataSourceNextToAConfiguredSourceLeavesThatSourceBackedUp(CapturedOutput output) throws Exception {
        Files.createDirectories(dir.resolve("uploads"));
        Files.writeString(dir.resolve("uploads/a.txt"), "a");
        runner(true).withPropertyValues("spring.datasource.url=jdbc:h2:mem:orders", "backup.sources.uploads.path=" + dir.resolve("uploads"),
                "backup.catch-up=false").run(context -> {
            assertThat(context).hasNotFailed();
            BackupService service = context.getBean(BackupService.class);
            assertThat(service.sources()).extracting(source -> source.name()).containsExactly("uploads");
            assertThat(service.trigger("test").completion().get().state()).isEqualTo(BackupJob.State.SUCCEEDED);
        });
        assertOneWarning(output, "The application's DataSource (jdbc:h2:mem:orders) is not backed up");
        assertThat(output).contains("Backed up: [uploads].");
    }

    @Test
    void anExplicitlyConfiguredUnsupportedSourceStillStopsTheApplicationWithItsProperty() {
        runner(true).withPropertyValues("backup.sources.shop.url=jdbc:oracle:thin:@//127.0.0.1:1521/shop").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(BackupPropertyException.class)
                    .satisfies(e -> assertThat(((BackupPropertyException) e).property()).isEqualTo("backup.sources.shop.url"));
        });
    }

    private static void assertNothingIsBackedUp(BackupService service, BackupScheduler scheduler, BackupHealthIndicator health)
            throws InterruptedException {
        assertThat(service.sources()).isEmpty();
        assertThat(scheduler.nextRun()).as("nothing scheduled").isNull();
        Thread.sleep(1500); // a catch-up would have started after 1 s
        assertThat(service.jobs().recentJobs()).as("no backup attempted").isEmpty();
        assertThat(service.history().lastFailure()).isNull();
        Health state = health.health(true);
        assertThat(state.getStatus()).isEqualTo(Status.UNKNOWN);
        assertThat((String) state.getDetails().get("reason")).startsWith("no sources configured").contains("backup.sources.<name>.url");
        assertThatThrownBy(() -> service.trigger("api")).isInstanceOf(BackupConfigurationException.class)
                .hasMessageContaining("nothing to back up").hasMessageContaining("backup.sources.<name>.url").hasMessageNotContaining("--");
    }

    private static void assertOneWarning(CapturedOutput output, String expected) {
        assertThat(output.getOut().lines().filter(line -> line.contains(" WARN ")).toList()).singleElement()
                .satisfies(line -> assertThat(line).contains(expected).contains("backup.sources.<name>.url")
                        .doesNotContain("--source").doesNotContain("Run '"));
    }
}
