package io.github.embeddedbackup.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.BackupOptions;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.source.ArchiveSink;
import io.github.embeddedbackup.core.source.BackupSource;
import io.github.embeddedbackup.core.source.SourceDetails;
import io.github.embeddedbackup.core.storage.FilesystemBackupStorage;
import io.github.embeddedbackup.core.testing.GeneratedSource;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12 item 9: a job always ends with a status, an Error in the worker included. */
@Tag("fault-matrix")
class BackupJobFaultsTests {

    @TempDir
    Path dir;

    /** A source that writes a little, then throws what {@code error} gives. */
    static BackupSource throwing(Supplier<Error> error) {
        return new BackupSource() {
            @Override
            public String name() {
                return "app";
            }

            @Override
            public String type() {
                return "test";
            }

            @Override
            public SourceDetails backup(ArchiveSink sink) throws IOException {
                try (OutputStream out = sink.openEntry("data.bin")) {
                    out.write(new byte[64 * 1024]);
                    throw error.get();
                }
            }
        };
    }

    BackupService service(BackupSource source) {
        return new BackupService(new BackupRepository(new FilesystemBackupStorage(dir)), List.of(source), BackupOptions.defaults(), null,
                List.of(), Clock.systemUTC());
    }

    @Test
    void aNoSuchMethodErrorFailsTheJobWithItsClassAndTheNextTriggerStartsANewJob() throws Exception {
        BackupService service = service(throwing(() -> new NoSuchMethodError("'java.lang.Object tools.jackson.databind.ObjectMapper.treeToValue()'")));

        BackupJob first = service.trigger("one");
        BackupJob done = first.completion().get(30, TimeUnit.SECONDS);

        assertThat(done.state()).isEqualTo(BackupJob.State.FAILED);
        assertThat(done.error()).contains("java.lang.NoSuchMethodError").contains("treeToValue").contains("dependency versions");
        assertThat(service.jobs().running()).isNull();
        assertThat(service.history().lastError()).isEqualTo(done.error());
        BackupJob second = service.trigger("two");
        assertThat(second).as("a new job, not the dead one").isNotSameAs(first);
        assertThat(second.completion().get(30, TimeUnit.SECONDS).state()).isEqualTo(BackupJob.State.FAILED);
        assertNothingStored();
    }

    @Test
    void anOutOfMemoryErrorFailsTheJobAndLeavesNothingPartial() throws Exception {
        BackupService service = service(throwing(() -> new OutOfMemoryError("Java heap space")));

        BackupJob job = service.trigger("one").completion().get(30, TimeUnit.SECONDS);

        assertThat(job.state()).isEqualTo(BackupJob.State.FAILED);
        assertThat(job.error()).contains("java.lang.OutOfMemoryError: Java heap space");
        assertThat(service.jobs().running()).isNull();
        assertNothingStored();
        // The worker survives (a new thread) and takes the next backup.
        BackupService healthy = new BackupService(service.repository(), List.of(new GeneratedSource("gen", 1000)), BackupOptions.defaults(),
                null, List.of(), Clock.systemUTC());
        assertThat(healthy.trigger("after").completion().get(30, TimeUnit.SECONDS).state()).isEqualTo(BackupJob.State.SUCCEEDED);
    }

    private void assertNothingStored() throws IOException {
        assertThat(new BackupRepository(new FilesystemBackupStorage(dir)).list().backups()).isEmpty();
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile)).as("not even a partial file").isEmpty();
        }
    }
}
