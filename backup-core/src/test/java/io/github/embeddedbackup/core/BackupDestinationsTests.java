package io.github.embeddedbackup.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.storage.FilesystemBackupStorage;
import io.github.embeddedbackup.core.testing.FailingStorage;
import io.github.embeddedbackup.core.testing.GeneratedSource;
import io.github.embeddedbackup.core.verify.BackupVerifier;
import io.github.embeddedbackup.core.verify.VerifyLevel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One backup, several destinations, written in one pass. */
class BackupDestinationsTests {

    @TempDir
    Path dir;

    BackupRepository local(String name) {
        return new BackupRepository(new FilesystemBackupStorage(dir.resolve(name)));
    }

    @Test
    void everyDestinationHoldsTheSameSoundBackup() {
        BackupRepository primary = local("primary");
        BackupRepository offsite = local("offsite");
        Manifest manifest = new BackupEngine(List.of(new BackupDestination("primary", primary, true),
                        new BackupDestination("offsite", offsite, true)), BackupOptions.defaults())
                .backup(List.of(new GeneratedSource("gen", 12_000_000)), Map.of(), BackupProgressListener.NONE);

        for (BackupRepository repository : List.of(primary, offsite)) {
            assertThat(repository.list().backups()).extracting(Manifest::id).containsExactly(manifest.id());
            assertThat(new BackupVerifier(repository).verify(manifest.id(), VerifyLevel.CONTENT).problems()).isEmpty();
        }
    }

    @Test
    void aFailingOptionalDestinationIsLeftOutAndTheBackupSucceeds() throws IOException {
        BackupRepository primary = local("primary");
        BackupRepository flaky = new BackupRepository(new FailingStorage(new FilesystemBackupStorage(dir.resolve("flaky")), 3_000_000));

        Manifest manifest = new BackupEngine(List.of(new BackupDestination("primary", primary, true),
                        new BackupDestination("flaky", flaky, false)), BackupOptions.defaults())
                .backup(List.of(new GeneratedSource("gen", 12_000_000)), Map.of(), BackupProgressListener.NONE);

        assertThat(primary.list().backups()).extracting(Manifest::id).containsExactly(manifest.id());
        assertThat(flaky.list().backups()).isEmpty();
        assertNoFiles(dir.resolve("flaky"));
    }

    @Test
    void aFailingRequiredDestinationFailsTheBackupEverywhere() throws IOException {
        BackupRepository primary = local("primary");
        BackupRepository required = new BackupRepository(new FailingStorage(new FilesystemBackupStorage(dir.resolve("required")), 3_000_000));

        assertThatThrownBy(() -> new BackupEngine(List.of(new BackupDestination("primary", primary, true),
                        new BackupDestination("required", required, true)), BackupOptions.defaults())
                .backup(List.of(new GeneratedSource("gen", 12_000_000)), Map.of(), BackupProgressListener.NONE))
                .isInstanceOf(BackupException.class).hasMessageContaining("simulated");
        assertThat(primary.list().backups()).isEmpty();
        assertNoFiles(dir.resolve("primary"));
        assertNoFiles(dir.resolve("required"));
    }

    @Test
    void atLeastOneDestinationMustBeRequired() {
        assertThatThrownBy(() -> new BackupEngine(List.of(new BackupDestination("a", local("a"), false)), BackupOptions.defaults()))
                .isInstanceOf(BackupConfigurationException.class);
    }

    private static void assertNoFiles(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }
}
