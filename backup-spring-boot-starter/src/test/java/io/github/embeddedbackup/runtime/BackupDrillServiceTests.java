package io.github.embeddedbackup.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.embeddedbackup.core.BackupOptions;
import io.github.embeddedbackup.core.drill.DrillRecord;
import io.github.embeddedbackup.core.drill.DrillRecords;
import io.github.embeddedbackup.core.drill.DrillResult;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.source.SourceProviders;
import io.github.embeddedbackup.core.source.files.FileTreeSource;
import io.github.embeddedbackup.core.storage.FilesystemBackupStorage;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drills run as jobs on the backup worker: a good backup passes and is recorded, a damaged one fails its job, both are told. */
class BackupDrillServiceTests {

    @TempDir
    Path dir;

    private final Map<String, DrillResult> told = new ConcurrentHashMap<>();
    private final Map<String, String> toldErrors = new ConcurrentHashMap<>();

    private BackupService service() throws IOException {
        Files.createDirectories(dir.resolve("files"));
        Files.writeString(dir.resolve("files/orders.csv"), "1,apple\n2,pear\n");
        BackupRunListener listener = new BackupRunListener() {
            @Override
            public void onDrillFinished(BackupJob job, @Nullable DrillResult result) {
                if (result != null) {
                    told.put(job.id(), result);
                } else {
                    toldErrors.put(job.id(), String.valueOf(job.error()));
                }
            }
        };
        return new BackupService(new BackupRepository(new FilesystemBackupStorage(dir.resolve("backups"))),
                List.of(new FileTreeSource("files", dir.resolve("files"))), BackupOptions.defaults(), null, List.of(listener), Clock.systemUTC());
    }

    @Test
    void aDrillOfTheLatestBackupPassesIsRecordedAndToldToTheListeners() throws Exception {
        BackupService backups = service();
        String backupId = backups.trigger("test").completion().get(30, TimeUnit.SECONDS).backupId();
        BackupDrillService drills = new BackupDrillService(backups, SourceProviders.installed(), BackupDrillService.Settings.local(),
                Clock.systemUTC());

        BackupJob job = drills.drill("latest", "api");
        assertThat(job.type()).isEqualTo(BackupJob.Type.DRILL);
        assertThat(job.backupId()).isEqualTo(backupId);
        job.completion().get(30, TimeUnit.SECONDS);

        assertThat(job.state()).as(String.valueOf(job.error())).isEqualTo(BackupJob.State.SUCCEEDED);
        assertThat(drills.job(job.id())).contains(job);
        assertThat(told.get(job.id())).isNotNull().satisfies(result -> assertThat(result.ok()).isTrue());
        assertThat(drills.lastResult()).isSameAs(told.get(job.id()));
        DrillRecord record = new DrillRecords(backups.repository().storage()).lastDrill(backupId).orElseThrow();
        assertThat(record.ok()).isTrue();
        assertThat(record.checks()).isNotEmpty();
    }

    @Test
    void aDrillOfADamagedArchiveFailsItsJobAndIsToldWithItsFailedChecks() throws Exception {
        BackupService backups = service();
        String backupId = backups.trigger("test").completion().get(30, TimeUnit.SECONDS).backupId();
        damage(backupId);
        BackupDrillService drills = new BackupDrillService(backups, SourceProviders.installed(), BackupDrillService.Settings.local(),
                Clock.systemUTC());

        BackupJob job = drills.drill(backupId, "api").completion().get(30, TimeUnit.SECONDS);

        assertThat(job.state()).isEqualTo(BackupJob.State.FAILED);
        assertThat(job.error()).isNotBlank();
        boolean ran = told.containsKey(job.id());
        assertThat(ran || toldErrors.containsKey(job.id())).as("the listeners hear of the failed drill").isTrue();
        if (ran) {
            assertThat(told.get(job.id()).ok()).isFalse();
            assertThat(job.error()).contains("The drill failed");
            assertThat(new DrillRecords(backups.repository().storage()).lastDrill(backupId).orElseThrow().ok()).isFalse();
        }
    }

    @Test
    void aDrillIsRefusedWhileAnotherJobRuns() throws Exception {
        BackupService backups = service();
        backups.trigger("test").completion().get(30, TimeUnit.SECONDS);
        BackupDrillService drills = new BackupDrillService(backups, SourceProviders.installed(), BackupDrillService.Settings.local(),
                Clock.systemUTC());
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        BackupJob blocker = backups.jobs().submit(new BackupJob(BackupJob.Type.RESTORE, "api", List.of("files"), java.time.Instant.now()),
                running -> {
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
        try {
            assertThatThrownBy(() -> drills.drill("latest", "api")).isInstanceOf(BackupAlreadyRunningException.class)
                    .hasMessageContaining("A restore is running (job " + blocker.id() + ")");
        } finally {
            release.countDown();
        }
        blocker.completion().get(30, TimeUnit.SECONDS);
        BackupJob drill = drills.drill("latest", "api");
        assertThatThrownBy(() -> backups.trigger("test")).isInstanceOf(BackupAlreadyRunningException.class)
                .hasMessageContaining("A drill is running");
        drill.completion().get(30, TimeUnit.SECONDS);
    }

    private void damage(String backupId) throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("backups/archives"))) {
            Path archive = files.filter(path -> path.getFileName().toString().startsWith(backupId)).findFirst().orElseThrow();
            try (RandomAccessFile file = new RandomAccessFile(archive.toFile(), "rw")) {
                file.seek(file.length() / 2);
                int b = file.read();
                file.seek(file.length() / 2);
                file.write(b ^ 0xFF);
            }
        }
    }
}
