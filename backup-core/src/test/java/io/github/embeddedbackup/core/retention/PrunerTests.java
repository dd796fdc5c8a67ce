package io.github.embeddedbackup.core.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.BackupEngine;
import io.github.embeddedbackup.core.BackupOptions;
import io.github.embeddedbackup.core.BackupProgressListener;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.storage.FilesystemBackupStorage;
import io.github.embeddedbackup.core.testing.GeneratedSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrunerTests {

    @TempDir
    Path dir;

    @Test
    void deletesWhatThePlanSaysManifestAndArchiveAndNothingInADryRun() throws IOException {
        BackupRepository repository = new BackupRepository(new FilesystemBackupStorage(dir));
        List<Manifest> made = new ArrayList<>();
        for (int day = 1; day <= 5; day++) {
            Clock clock = Clock.fixed(Instant.parse("2026-11-0" + day + "T02:00:00Z"), ZoneOffset.UTC);
            made.add(new BackupEngine(repository, BackupOptions.defaults().withClock(clock))
                    .backup(List.of(new GeneratedSource("gen", 1000)), Map.of(), BackupProgressListener.NONE));
        }
        // A manifest this version cannot read: never counted, never deleted.
        Path future = dir.resolve("manifests/20261101T000000Z-aaaaaa.json");
        Files.writeString(future, "{\"formatVersion\": 2, \"id\": \"20261101T000000Z-aaaaaa\"}");
        RetentionPolicy keepTwo = new RetentionPolicy(2, 0, 0, 0, 0, 0, null, null, ZoneOffset.UTC);
        Instant now = Instant.parse("2026-11-06T00:00:00Z");

        Pruner.PruneResult dry = new Pruner(repository).prune(keepTwo, now, true, Duration.ofHours(24));
        assertThat(dry.plan().delete()).hasSize(3);
        assertThat(repository.list().backups()).hasSize(5);

        Pruner.PruneResult result = new Pruner(repository).prune(keepTwo, now, false, Duration.ofHours(24));

        assertThat(result.skipped()).singleElement().satisfies(problem -> assertThat(problem).contains("format version 2"));
        assertThat(repository.list().backups()).extracting(Manifest::id).containsExactly(made.get(4).id(), made.get(3).id());
        for (Manifest deleted : made.subList(0, 3)) {
            assertThat(dir.resolve(deleted.archive().key())).doesNotExist();
            assertThat(dir.resolve(BackupRepository.manifestKey(deleted.backupId()))).doesNotExist();
        }
        assertThat(future).exists();
    }
}
