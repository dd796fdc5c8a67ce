package io.github.embeddedbackup.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A bad setting stops the real application with Spring Boot's failure report, naming the property and the fix. */
@ExtendWith(OutputCaptureExtension.class)
class SampleStartupFailureTests {

    @TempDir
    Path dir;

    @Test
    void anUnwritableBackupFolderStopsStartUpNamingTheProperty(CapturedOutput output) throws Exception {
        Files.writeString(dir.resolve("blocker"), "a file where the folder should be");

        assertThatThrownBy(() -> SpringApplication.run(SampleApplication.class, "--server.port=0",
                "--spring.datasource.url=jdbc:sqlite:" + dir.resolve("notes.db"),
                "--backup.storage.local.path=" + dir.resolve("blocker/backups"))).isInstanceOf(Exception.class);

        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("Backup setting 'backup.storage.local.path'")
                .contains("Fix 'backup.storage.local.path'");
    }

    @Test
    void anInvalidScheduleStopsStartUpNamingTheProperty(CapturedOutput output) {
        assertThatThrownBy(() -> SpringApplication.run(SampleApplication.class, "--server.port=0",
                "--spring.datasource.url=jdbc:sqlite:" + dir.resolve("notes.db"), "--backup.storage.local.path=" + dir.resolve("b"),
                "--backup.schedule=daily at two")).isInstanceOf(Exception.class);

        assertThat(output).contains("APPLICATION FAILED TO START").contains("backup.schedule")
                .contains("'daily at two' is not a valid Spring cron expression");
    }

    @Test
    void aShortApiTokenStopsStartUpWithoutShowingIt(CapturedOutput output) {
        assertThatThrownBy(() -> SpringApplication.run(SampleApplication.class, "--server.port=0",
                "--spring.datasource.url=jdbc:sqlite:" + dir.resolve("notes.db"), "--backup.storage.local.path=" + dir.resolve("b"),
                "--backup.api.token=secret12")).isInstanceOf(Exception.class);

        assertThat(output).contains("APPLICATION FAILED TO START").contains("backup.api.token").contains("openssl rand -hex 24")
                .doesNotContain("secret12");
    }

    @Test
    void aTokenThatAnHttpHeaderCannotCarryStopsStartUpWithoutShowingIt(CapturedOutput output) {
        assertThatThrownBy(() -> SpringApplication.run(SampleApplication.class, "--server.port=0",
                "--spring.datasource.url=jdbc:sqlite:" + dir.resolve("notes.db"), "--backup.storage.local.path=" + dir.resolve("b"),
                "--backup.api.token=pässwört-tøken-1234567")).isInstanceOf(Exception.class);

        assertThat(output).contains("APPLICATION FAILED TO START").contains("backup.api.token").contains("printable ASCII")
                .doesNotContain("pässwört");
    }

    @Test
    void withoutATokenTheApiIsClosedAndSaysHowToOpenIt() throws Exception {
        try (var context = SpringApplication.run(SampleApplication.class, "--server.port=0",
                "--spring.datasource.url=jdbc:sqlite:" + dir.resolve("notes.db"), "--backup.storage.local.path=" + dir.resolve("b"),
                "--backup.catch-up=false", "--backup.api.token=")) {
            int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
            Http http = new Http(port);
            for (String path : new String[] {"/api/backup", "/api/backup/20261121T020000Z-7f3a9c", "/api/backup/20261121T020000Z-7f3a9c/download"}) {
                var response = http.send("GET", path, null, "Authorization", "Bearer anything-at-all-here");
                assertThat(response.statusCode()).isEqualTo(401);
                assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(response.body()).contains("no credentials are configured").contains("backup.api.token")
                        .contains("Authorization: Bearer").contains("Spring Security");
            }
            assertThat(http.send("POST", "/api/backup", null).statusCode()).isEqualTo(401);
            assertThat(dir.resolve("b/manifests")).doesNotExist();
        }
    }
}
