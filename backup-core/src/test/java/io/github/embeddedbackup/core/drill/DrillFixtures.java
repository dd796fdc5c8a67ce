package io.github.embeddedbackup.core.drill;

import io.github.embeddedbackup.core.BackupEngine;
import io.github.embeddedbackup.core.BackupOptions;
import io.github.embeddedbackup.core.BackupProgressListener;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.manifest.ManifestCodec;
import io.github.embeddedbackup.core.manifest.SourceRecord;
import io.github.embeddedbackup.core.manifest.TableRecord;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.source.ScratchTarget;
import io.github.embeddedbackup.core.source.SourceProvider;
import io.github.embeddedbackup.core.source.SourceProviders;
import io.github.embeddedbackup.core.source.SourceSettings;
import io.github.embeddedbackup.core.storage.StorageWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Backups to drill, and the ways the drill tests damage them. */
final class DrillFixtures {

    private DrillFixtures() {}

    static Manifest backup(BackupRepository repository, String uri) {
        SourceProvider provider = SourceProviders.installed().forUri(uri);
        return new BackupEngine(repository, BackupOptions.defaults()).backup(
                List.of(provider.source(provider.defaultName(uri), uri, SourceSettings.none())), Map.of("trigger", "drill-test"),
                BackupProgressListener.NONE);
    }

    /** Rewrites a plain backup's manifest so that {@code table} claims {@code rows} rows: what a drill must catch. */
    static Manifest withRowCount(BackupRepository repository, Manifest manifest, String table, long rows) throws IOException {
        List<SourceRecord> sources = new ArrayList<>();
        for (SourceRecord source : manifest.sources()) {
            List<TableRecord> tables = source.tables().stream()
                    .map(t -> t.name().equals(table) ? new TableRecord(t.name(), rows) : t).toList();
            sources.add(new SourceRecord(source.name(), source.type(), source.entries(), source.properties(), tables));
        }
        Manifest tampered = manifest.withDetails(sources, manifest.entries(), manifest.sealed());
        try (StorageWriter writer = repository.storage().openWriter(BackupRepository.manifestKey(manifest.backupId()))) {
            writer.write(ManifestCodec.write(tampered));
        }
        return tampered;
    }

    /** Rewrites a plain backup's manifest so that each source's properties are {@code change}d: claims a drill must check. */
    static Manifest withProperties(BackupRepository repository, Manifest manifest, UnaryOperator<Map<String, String>> change)
            throws IOException {
        List<SourceRecord> sources = new ArrayList<>();
        for (SourceRecord source : manifest.sources()) {
            Map<String, String> properties = change.apply(new LinkedHashMap<>(source.properties()));
            sources.add(new SourceRecord(source.name(), source.type(), source.entries(), properties, source.tables()));
        }
        Manifest tampered = manifest.withDetails(sources, manifest.entries(), manifest.sealed());
        try (StorageWriter writer = repository.storage().openWriter(BackupRepository.manifestKey(manifest.backupId()))) {
            writer.write(ManifestCodec.write(tampered));
        }
        return tampered;
    }

    /** Flips one byte in the middle of a stored archive of the filesystem storage at {@code storageDir}. */
    static void damageArchive(Path storageDir, Manifest manifest) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(storageDir.resolve(manifest.archive().key()).toFile(), "rw")) {
            long middle = file.length() / 2;
            file.seek(middle);
            int b = file.read();
            file.seek(middle);
            file.write(b ^ 0xff);
        }
    }

    /** Makes scratch places with the installed providers and remembers them, so a test can check each is gone. */
    static final class RememberingScratches implements ScratchFactory {

        private final ScratchFactory delegate;
        final List<ScratchTarget> opened = new ArrayList<>();

        RememberingScratches(@org.jspecify.annotations.Nullable String scratchUrl) {
            this.delegate = ScratchFactory.of(SourceProviders.installed(), scratchUrl, SourceSettings.none());
        }

        @Override
        public ScratchTarget open(SourceRecord source) {
            ScratchTarget scratch = delegate.open(source);
            opened.add(scratch);
            return scratch;
        }
    }
}
