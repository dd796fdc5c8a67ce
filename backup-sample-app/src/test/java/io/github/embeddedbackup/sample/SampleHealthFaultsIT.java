package io.github.embeddedbackup.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.source.ArchiveSink;
import io.github.embeddedbackup.core.source.BackupSource;
import io.github.embeddedbackup.core.source.SourceDetails;
import io.github.embeddedbackup.runtime.BackupJob;
import io.github.embeddedbackup.runtime.BackupService;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/** Issue 12 item 13: a failing backup is reported, but does not take the application out of service. */
@Tag("fault-matrix")
class SampleHealthFaultsIT {

    static final Path DIR = SampleApplicationIT.createTempDir();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + DIR.resolve("notes.db"));
        registry.add("backup.storage.local.path", () -> DIR.resolve("backups").toString());
        registry.add("backup.catch-up", () -> "false");
    }

    @TestConfiguration
    static class FailingSource {

        /** A source whose dump always fails, as a dead database would. */
        @Bean
        BackupSource brokenSource() {
            return new BackupSource() {
                @Override
                public String name() {
                    return "broken";
                }

                @Override
                public String type() {
                    return "test";
                }

                @Override
                public SourceDetails backup(ArchiveSink sink) throws IOException {
                    throw new IOException("simulated: the database went away");
                }
            };
        }
    }

    static void failOneBackup(BackupService service) throws Exception {
        BackupJob job = service.trigger("test").completion().get();
        assertThat(job.state()).isEqualTo(BackupJob.State.FAILED);
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = {SampleApplication.class, FailingSource.class})
    class ByDefault {

        @LocalServerPort
        int port;

        @Autowired
        BackupService service;

        @Test
        void aFailedBackupLeavesTheApplicationUpAndIsReportedAtItsOwnPath() throws Exception {
            failOneBackup(service);
            Http http = new Http(port);

            HttpResponse<String> overall = http.get("/actuator/health");
            assertThat(overall.statusCode()).as(overall.body()).isEqualTo(200);
            assertThat(overall.body()).endsWith("\"status\":\"UP\"}").containsPattern("\"backup\":\\{.*\"status\":\"BACKUP_DOWN\"\\},\"db\"");

            HttpResponse<String> backup = http.get("/actuator/health/backup");
            assertThat(backup.statusCode()).as(backup.body()).isEqualTo(503);
            assertThat(backup.body()).contains("\"status\":\"BACKUP_DOWN\"").contains("the last backup failed")
                    .contains("simulated: the database went away");
        }
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = {SampleApplication.class, FailingSource.class})
    @TestPropertySource(properties = "backup.health.affects-overall=true")
    class WhenAskedToAffectTheOverallHealth {

        @LocalServerPort
        int port;

        @Autowired
        BackupService service;

        @Test
        void aFailedBackupTurnsTheApplicationDown() throws Exception {
            failOneBackup(service);
            Http http = new Http(port);

            HttpResponse<String> overall = http.get("/actuator/health");
            assertThat(overall.statusCode()).as(overall.body()).isEqualTo(503);
            assertThat(overall.body()).endsWith("\"status\":\"DOWN\"}").containsPattern("\"backup\":\\{.*\"status\":\"DOWN\"\\},\"db\"");
            assertThat(http.get("/actuator/health/backup").statusCode()).isEqualTo(503);
        }
    }
}
