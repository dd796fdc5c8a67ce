package io.github.embeddedbackup.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.BackupDestination;
import io.github.embeddedbackup.core.BackupOptions;
import io.github.embeddedbackup.core.plan.BackupPlan;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.storage.FilesystemBackupStorage;
import io.github.embeddedbackup.core.testing.GeneratedSource;
import io.github.embeddedbackup.storage.s3.S3BackupStorage;
import io.github.embeddedbackup.storage.s3.S3StorageOptions;
import io.github.embeddedbackup.storage.s3.S3TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** What each destination holds, measured after each backup from a local folder and a real S3 server. */
@ExtendWith(OutputCaptureExtension.class)
class StorageUsageTests {

    @TempDir
    Path dir;

    @Test
    void eachDestinationShowsWhatItsCompleteBackupsTakeAndAFolderItsFreeSpace(CapturedOutput output) throws Exception {
        try (S3TestServer server = new S3TestServer(); S3Client client = server.client()) {
            server.createBucket("offsite");
            Path folder = dir.resolve("backups");
            BackupPlan plan = new BackupPlan(List.of(new GeneratedSource("app", 100_000)), List.of(
                    destination("primary", new BackupRepository(new FilesystemBackupStorage(folder)), true),
                    destination("offsite", new BackupRepository(new S3BackupStorage(client, "offsite", "app/", S3StorageOptions.defaults())),
                            false)), BackupOptions.defaults(), Map.of());
            StorageUsage usage = new StorageUsage(plan, Clock.systemUTC());
            BackupService service = new BackupService(plan, List.of(usage), Clock.systemUTC());

            assertThat(usage.current()).as("measured at the first question").extracting(StorageUsage.Usage::backups).containsExactly(0, 0);
            backUp(service);
            backUp(service);
            // An interrupted backup in the folder takes space but is not a backup.
            Files.write(folder.resolve("archives/20261101T000000Z-bbbbbb.tar.zst"), new byte[4096]);
            usage.refresh();

            assertThat(usage.destinations()).containsExactly("primary", "offsite");
            StorageUsage.Usage primary = usage.current("primary").orElseThrow();
            assertThat(primary.backups()).isEqualTo(2);
            assertThat(primary.usedBytes()).isEqualTo(sizeOfBackupFiles(folder) - 4096);
            assertThat(primary.space()).isNotNull();
            assertThat(primary.space().freeBytes()).isPositive();
            StorageUsage.Usage offsite = usage.current("offsite").orElseThrow();
            assertThat(offsite.backups()).isEqualTo(2);
            assertThat(offsite.usedBytes()).isEqualTo(client.listObjectsV2(request -> request.bucket("offsite").prefix("app/")).contents()
                    .stream().mapToLong(S3Object::size).sum());
            assertThat(offsite.space()).as("an object store has no free space").isNull();

            server.close();
            usage.refresh();
            usage.refresh();

            assertThat(usage.current("offsite")).as("an unreachable destination keeps its last figures").contains(offsite);
            assertThat(usage.current("primary").orElseThrow().measuredAt()).isAfterOrEqualTo(primary.measuredAt());
            assertThat(output.getOut().split("Cannot measure the storage usage of destination 'offsite'", -1))
                    .as("one warning, not one per refresh").hasSize(2);
        }
    }

    private static BackupPlan.Destination destination(String name, BackupRepository repository, boolean required) {
        return new BackupPlan.Destination(new BackupDestination(name, repository, required), null);
    }

    private static void backUp(BackupService service) throws Exception {
        BackupJob job = service.trigger("test").completion().get(30, TimeUnit.SECONDS);
        assertThat(job.state()).as(String.valueOf(job.error())).isEqualTo(BackupJob.State.SUCCEEDED);
    }

    /** The bytes of every visible file in the folder, as the file system reports them. */
    private static long sizeOfBackupFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).filter(file -> !file.getFileName().toString().startsWith("."))
                    .mapToLong(file -> file.toFile().length()).sum();
        }
    }
}
