package io.github.embeddedbackup.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.embeddedbackup.core.crypto.DecryptionKeys;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.restore.BackupRestorer;
import io.github.embeddedbackup.core.source.RestoreOptions;
import io.github.embeddedbackup.core.source.SourceProviders;
import io.github.embeddedbackup.core.source.SourceSettings;
import io.github.embeddedbackup.core.storage.StorageProviders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A source written outside core (the example of docs/extending.md) is planned, backed up and restored like the built-in ones. */
class CustomProviderTests {

    @TempDir
    Path dir;

    @Test
    void aProviderOfItsOwnRunsThroughThePlanTheEngineAndTheRestorer() throws Exception {
        Path file = Files.writeString(dir.resolve("dump.rdb"), "REDIS0011 … every byte counts");
        SourceProviders sources = SourceProviders.of(List.of(new SingleFileSourceProvider()));
        BackupPlanBuilder builder = new BackupPlanBuilder(sources, StorageProviders.installed());
        builder.source(null, "onefile:" + file, SourceSettings.none());
        BackupPlan plan = builder.destination("primary", builder.storage("file:" + dir.resolve("backups"), Map.of()), true, null).build();

        Manifest manifest = new PlanRunner(plan).backup(plan.sources(), Map.of("trigger", "test"), (source, plain, stored) -> {});
        assertThat(manifest.sources()).singleElement().satisfies(source -> {
            assertThat(source.name()).isEqualTo("dump.rdb");
            assertThat(source.type()).isEqualTo("onefile");
        });

        Path restored = dir.resolve("restored.rdb");
        new BackupRestorer(plan.repository(), DecryptionKeys.none()).prepare(manifest, "dump.rdb",
                sources.forUri("onefile:" + restored).target("onefile:" + restored, SourceSettings.none()), RestoreOptions.defaults()).run();
        assertThat(restored).hasSameBinaryContentAs(file);
        assertThatThrownBy(() -> sources.forUri("jdbc:postgresql://db/x")).hasMessageContaining("onefile:/path/to/file");
    }
}
