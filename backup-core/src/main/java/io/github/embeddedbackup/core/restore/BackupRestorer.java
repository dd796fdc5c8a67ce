package io.github.embeddedbackup.core.restore;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.BackupException;
import io.github.embeddedbackup.core.IntegrityException;
import io.github.embeddedbackup.core.archive.ArchiveReader;
import io.github.embeddedbackup.core.archive.CountingDigestInputStream;
import io.github.embeddedbackup.core.archive.ReadAheadInputStream;
import io.github.embeddedbackup.core.manifest.BackupOpener;
import io.github.embeddedbackup.core.crypto.DecryptionKeys;
import io.github.embeddedbackup.core.manifest.EntryRecord;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.manifest.SourceRecord;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.source.RestoreTarget;
import io.github.embeddedbackup.core.source.RestoreOptions;
import io.github.embeddedbackup.core.source.TableName;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores one source of a stored backup into a target. Every check that can fail without reading
 * the backup (which source, target empty or new, tool versions) runs first; the data is then
 * streamed from storage, decompressed and verified on the way, and the target never receives the
 * end of a damaged entry.
 */
public final class BackupRestorer {

    private static final Logger logger = LoggerFactory.getLogger(BackupRestorer.class);
    private static final int READ_AHEAD_BUFFER = 1 << 20;
    private static final int READ_AHEAD_BUFFERS = 4;

    private final BackupRepository repository;
    private final DecryptionKeys keys;

    /** @param keys what may open encrypted backups ({@link DecryptionKeys#none()} for plain ones) */
    public BackupRestorer(BackupRepository repository, DecryptionKeys keys) {
        this.repository = repository;
        this.keys = keys;
    }

    public BackupRestorer(BackupRepository repository) {
        this(repository, DecryptionKeys.none());
    }

    /**
     * @param idOrLatest a backup id or {@code latest}
     * @param sourceName which source of the backup; may be null when only one source fits the target
     * @return what was restored
     */
    public RestoreResult restore(String idOrLatest, @Nullable String sourceName, RestoreTarget target, RestoreOptions options) {
        return prepare(repository.get(idOrLatest), sourceName, target, options).run();
    }

    /**
     * Runs every check that needs no data — the key opens the backup, the source exists and fits the
     * target, the target is new or empty (or {@code clean}), the tools are recent enough — and touches
     * nothing. The caller may then do more (a safety backup of the target) before {@link PreparedRestore#run()}.
     */
    public PreparedRestore prepare(Manifest stored, @Nullable String sourceName, RestoreTarget target, RestoreOptions options) {
        // Opening an encrypted backup checks the key first: a wrong or missing key fails before the target is touched.
        BackupOpener opened = BackupOpener.open(stored, keys);
        Manifest manifest = opened.manifest();
        SourceRecord source = pickSource(manifest, sourceName, target);
        if (source.entries().size() != 1) {
            throw new BackupException("Source '" + source.name() + "' of backup " + manifest.id() + " has " + source.entries().size()
                    + " entries; this version restores sources with exactly one.");
        }
        EntryRecord entry = manifest.entry(source.entries().get(0)).orElseThrow(() -> new IntegrityException(manifest.id(),
                "manifest", null, null, "lists entry '" + source.entries().get(0) + "' for source '" + source.name()
                        + "' but does not describe it"));
        RestoreOptions checked = withResolvedTables(manifest, source, options);
        checkStoredSize(manifest);
        target.check(source, checked);
        return new PreparedRestore(opened, source, entry, target, checked);
    }

    /** A checked restore, ready to read the backup into the target. */
    public final class PreparedRestore {

        private final BackupOpener opened;
        private final SourceRecord source;
        private final EntryRecord entry;
        private final RestoreTarget target;
        private final RestoreOptions options;

        private PreparedRestore(BackupOpener opened, SourceRecord source, EntryRecord entry, RestoreTarget target, RestoreOptions options) {
            this.opened = opened;
            this.source = source;
            this.entry = entry;
            this.target = target;
            this.options = options;
        }

        /** The source of the backup that is restored. */
        public SourceRecord source() {
            return source;
        }

        /** Streams the entry from storage into the target, verified on the way. */
        public RestoreResult run() {
            Manifest manifest = opened.manifest();
            Instant started = Instant.now();
            logger.info("Restore started. id: {}, source: {}, target: {}", manifest.id(), source.name(), target.describe());
            try (CountingDigestInputStream stored = new CountingDigestInputStream(repository.openArchive(manifest));
                    // Decrypting and decompressing run ahead on their own thread while this one hashes and writes.
                    // The decompressor may close its input at its end; the rest is still read for the checksum.
                    InputStream plain = new ReadAheadInputStream(opened.plainTar(new FilterInputStream(stored) {
                        @Override
                        public void close() {
                            // closed by the try block, after the checksum
                        }
                    }), READ_AHEAD_BUFFER, READ_AHEAD_BUFFERS,
                            "restore-read-ahead");
                    ArchiveReader archive = new ArchiveReader(plain, manifest.id())) {
                // The whole stored object must match the manifest's checksum, as verify requires; the
                // check runs before the target receives the entry's last bytes.
                InputStream data = new BackupReadingInputStream(archive.openEntry(entry, () -> checkStoredChecksum(manifest, plain, stored)),
                        manifest.id());
                target.restore(source, data, options);
            } catch (IOException e) {
                String cause = e instanceof BackupReadingInputStream.BackupReadFailure ? e.getCause().getMessage() : e.getMessage();
                throw new BackupException("Restore of backup " + manifest.id() + " (source '" + source.name() + "') into "
                        + target.describe() + " failed while reading the backup from " + repository.storage().describe() + ": "
                        + cause + ". The backup is damaged or its storage failed: run verify on it, and restore another backup if it "
                        + "reports damage.", e);
            }
            Duration duration = Duration.between(started, Instant.now());
            return new RestoreResult(manifest.id(), source.name(), target.describe(), entry.size(), duration);
        }
    }

    private static void checkStoredChecksum(Manifest manifest, InputStream plain, CountingDigestInputStream stored) throws IOException {
        plain.transferTo(OutputStream.nullOutputStream()); // the read-ahead thread is done once its output ended
        stored.drain();
        String actual = stored.sha256();
        if (stored.count() != manifest.archive().size() || !actual.equals(manifest.archive().sha256())) {
            throw new IntegrityException(manifest.id(), "stored archive '" + manifest.archive().key() + "'",
                    "SHA-256 " + manifest.archive().sha256(), actual,
                    "does not match the checksum in its manifest (it was changed or replaced after the backup)");
        }
    }

    /** The tables asked for, as the backup names them; a name the backup does not hold fails here, before the target is touched. */
    private static RestoreOptions withResolvedTables(Manifest manifest, SourceRecord source, RestoreOptions options) {
        if (options.tables().isEmpty()) {
            return options;
        }
        String what = "backup " + manifest.id() + " (source '" + source.name() + "')";
        if (!"postgresql".equals(source.type())) {
            throw new BackupConfigurationException("Cannot restore only some tables from " + what + ": that is supported for "
                    + "PostgreSQL sources, and this source is " + source.type() + ". Restore the whole source instead.");
        }
        List<String> tables = TableName.resolve(options.tables(), source.tables(), what).stream().map(TableName::toString).toList();
        return new RestoreOptions(options.create(), options.clean(), options.jobs(), tables, options.noOwner());
    }

    /** A stored archive of the wrong size (truncated, replaced) is refused before the target is touched. */
    private void checkStoredSize(Manifest manifest) {
        String key = manifest.archive().key();
        long size = repository.storage().stat(key).orElseThrow(() -> new IntegrityException(manifest.id(), "archive '" + key + "'",
                null, null, "is missing from " + repository.storage().describe() + " although its manifest exists")).size();
        if (size != manifest.archive().size()) {
            throw new IntegrityException(manifest.id(), "stored archive '" + key + "'", manifest.archive().size() + " bytes",
                    size + " bytes", "has a different size than its manifest records (it was truncated or replaced)");
        }
    }

    private static SourceRecord pickSource(Manifest manifest, @Nullable String sourceName, RestoreTarget target) {
        if (sourceName != null) {
            SourceRecord source = manifest.source(sourceName).orElseThrow(() -> new BackupConfigurationException("Backup "
                    + manifest.id() + " has no source '" + sourceName + "'. Its sources: " + names(manifest.sources()) + "."));
            if (!target.accepts(source)) {
                throw new BackupConfigurationException("Source '" + sourceName + "' of backup " + manifest.id() + " is " + source.type()
                        + " and cannot be restored into " + target.describe() + ". Give a " + source.type() + " target.");
            }
            return source;
        }
        List<SourceRecord> fitting = manifest.sources().stream().filter(target::accepts).toList();
        if (fitting.size() == 1) {
            return fitting.get(0);
        }
        if (fitting.isEmpty()) {
            throw new BackupConfigurationException("Backup " + manifest.id() + " has no source that can be restored into "
                    + target.describe() + ". Its sources: " + names(manifest.sources()) + ".");
        }
        throw new BackupConfigurationException("Backup " + manifest.id() + " has several sources that fit " + target.describe()
                + ": " + names(fitting) + ". Choose one by its name.");
    }

    private static String names(List<SourceRecord> sources) {
        return String.join(", ", sources.stream().map(s -> s.name() + " (" + s.type() + ")").toList());
    }
}
