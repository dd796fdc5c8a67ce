package io.github.embeddedbackup.core;

import io.github.embeddedbackup.core.archive.ArchiveWriter;
import io.github.embeddedbackup.core.archive.CountingDigestOutputStream;
import io.github.embeddedbackup.core.manifest.BackupOpener;
import io.github.embeddedbackup.core.crypto.DataKey;
import io.github.embeddedbackup.core.crypto.KeyWrapping;
import io.github.embeddedbackup.core.manifest.ArchiveRecord;
import io.github.embeddedbackup.core.manifest.EntryRecord;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.manifest.SourceRecord;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.source.ArchiveSink;
import io.github.embeddedbackup.core.source.BackupSource;
import io.github.embeddedbackup.core.source.SourceDetails;
import io.github.embeddedbackup.core.storage.StorageWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs a backup in one streaming pass: sources → tar → compression → SHA-256 and size → storage, then
 * the manifest. Nothing is listed until the manifest is written; on any failure the partial archive
 * is discarded and no manifest is written, so a failed backup never looks like a good one.
 */
public final class BackupEngine {

    private static final Logger logger = LoggerFactory.getLogger(BackupEngine.class);
    private static final Pattern SOURCE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,99}");
    private static final long PROGRESS_STEP = 4L * 1024 * 1024;

    private final List<BackupDestination> destinations;
    private final BackupOptions options;

    /** One required destination. */
    public BackupEngine(BackupRepository repository, BackupOptions options) {
        this(List.of(new BackupDestination("primary", repository, true)), options);
    }

    /**
     * Several destinations written in the same pass (e.g. a local copy for fast restores plus an
     * off-site one). At least one must be required.
     */
    public BackupEngine(List<BackupDestination> destinations, BackupOptions options) {
        if (destinations.stream().noneMatch(BackupDestination::required)) {
            throw new BackupConfigurationException("At least one backup destination must be required.");
        }
        this.destinations = List.copyOf(destinations);
        this.options = options;
    }

    /**
     * Backs up {@code sources} into one archive.
     *
     * @param labels recorded in the manifest (for example {@code trigger=cli})
     * @return the manifest of the new, complete backup, with every detail (also when the stored one is sealed)
     * @throws BackupException with an actionable message when anything fails; nothing is then listed
     */
    public Manifest backup(List<BackupSource> sources, Map<String, String> labels, BackupProgressListener progress) {
        checkSources(sources);
        for (BackupSource source : sources) {
            source.preflight();
        }
        Instant started = options.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        BackupId id = BackupId.generate(started);
        boolean encrypted = options.encryption().enabled();
        String archiveKey = BackupRepository.archiveKey(id, options.compressor().archiveExtension() + (encrypted ? DataKey.EXTENSION : ""));
        MDC.put("backup.id", id.value());
        logger.info("Backup started. id: {}, sources: {}, storage: {}, compression: {}", id,
                sources.stream().map(BackupSource::name).toList(), describeDestinations(), options.compressor());
        Map<String, String> leftOut = new java.util.LinkedHashMap<>();
        TeeStorageWriter writer = openWriters(archiveKey, leftOut);
        // On failure the compression chain is closed into nothing: it frees its threads and native memory
        // without writing to storage that has just been aborted.
        DiscardableOutputStream sink = new DiscardableOutputStream(writer);
        OutputStream compressed = null;
        String current = sources.get(0).name();
        try {
            CountingDigestOutputStream stored = new CountingDigestOutputStream(sink);
            DataKey dataKey = encrypted ? DataKey.generate() : null;
            compressed = options.compressor().compress(dataKey == null ? stored : dataKey.encrypt(stored, id.value()));
            ProgressRelay relay = new ProgressRelay(progress, stored);
            ArchiveWriter archive = new ArchiveWriter(compressed, options.partSize(), started, relay);
            List<SourceRecord> records = new ArrayList<>();
            for (BackupSource source : sources) {
                current = source.name();
                relay.source = current;
                MDC.put("backup.source", current);
                records.add(backupOne(source, archive));
            }
            archive.finish();
            compressed.close(); // ends the compressed (and encrypted) stream; `stored` keeps the writer open
            writer.close(); // commits the archive object
            Instant finished = options.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            ArchiveRecord storedRecord = new ArchiveRecord(archiveKey, stored.count(), stored.sha256(), options.compressor().id(),
                    encrypted ? DataKey.ALGORITHM : null,
                    encrypted ? KeyWrapping.wrap(dataKey, options.encryption(), id.value()) : null);
            Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, id.value(), started, finished, labels,
                    LibraryVersion.get(), records, archive.entries(), storedRecord, null);
            Manifest published = encrypted ? BackupOpener.seal(manifest, dataKey) : manifest;
            publish(published, writer.destinations(), leftOut);
            leftOut.forEach(progress::onDestinationLeftOut);
            logger.info("Backup finished. id: {}, plainSize: {}, storedSize: {}, encrypted: {}, duration: {}", id, archive.plainBytes(),
                    stored.count(), encrypted, Duration.between(started, finished));
            return manifest;
        } catch (BackupException e) {
            writer.abort();
            release(sink, compressed);
            logger.debug("Backup {} failed", id, e);
            throw e;
        } catch (IOException | RuntimeException e) {
            writer.abort();
            release(sink, compressed);
            // A storage failure names its own cause and fix (credentials, a missing bucket, a full disk); others get the usual suspects.
            String advice = e instanceof io.github.embeddedbackup.core.storage.StorageException ? "Fix what it names, then run the backup again."
                    : "Check free space and permissions of the storage, then run the backup again.";
            throw new BackupException("Backup of source '" + current + "' to " + describeDestinations()
                    + " failed: " + describe(e).replaceFirst("\\.+$", "") + ". Nothing was stored; the previous backups are unchanged. "
                    + advice, e);
        } catch (Error e) {
            // NoSuchMethodError, OutOfMemoryError, …: nothing partial stays behind; the caller records the failure.
            writer.abort();
            release(sink, compressed);
            throw e;
        } finally {
            MDC.remove("backup.id");
            MDC.remove("backup.source");
        }
    }

    private TeeStorageWriter openWriters(String archiveKey, Map<String, String> leftOut) {
        java.util.Map<BackupDestination, StorageWriter> writers = new java.util.LinkedHashMap<>();
        for (BackupDestination destination : destinations) {
            try {
                writers.put(destination, destination.repository().openArchiveWriter(archiveKey));
            } catch (RuntimeException e) {
                if (destination.required()) {
                    writers.values().forEach(StorageWriter::abort);
                    throw e;
                }
                logger.warn("Optional backup destination '{}' cannot be written and is left out: {}", destination.name(), e.getMessage());
                leftOut.put(destination.name(), String.valueOf(e.getMessage()));
            }
        }
        return new TeeStorageWriter(writers, leftOut);
    }

    /** Writes the manifest to every destination that holds the archive; a required one failing fails the backup. */
    private void publish(Manifest manifest, List<BackupDestination> holding, Map<String, String> leftOut) {
        RuntimeException requiredFailure = null;
        for (BackupDestination destination : holding) {
            try {
                destination.repository().publish(manifest);
            } catch (RuntimeException e) {
                destination.repository().storage().delete(manifest.archive().key());
                if (destination.required()) {
                    requiredFailure = requiredFailure == null ? e : requiredFailure;
                } else {
                    logger.warn("Optional backup destination '{}' could not record backup {}: {}", destination.name(), manifest.id(),
                            e.getMessage());
                    leftOut.put(destination.name(), String.valueOf(e.getMessage()));
                }
            }
        }
        if (requiredFailure != null) {
            throw requiredFailure;
        }
    }

    private String describeDestinations() {
        return String.join(" + ", destinations.stream().map(d -> d.repository().storage().describe()).toList());
    }

    private SourceRecord backupOne(BackupSource source, ArchiveWriter archive) throws IOException {
        List<String> paths = new ArrayList<>();
        String prefix = source.name() + "/";
        ArchiveSink sink = new ArchiveSink() {
            @Override
            public OutputStream openEntry(String name) {
                paths.add(prefix + name);
                return archive.openEntry(prefix + name);
            }

            @Override
            public void addFile(String name, Path file) throws IOException {
                paths.add(prefix + name);
                archive.addFile(prefix + name, file);
            }
        };
        SourceDetails details = source.backup(sink);
        List<String> written = archive.entries().stream().map(EntryRecord::path).toList();
        if (paths.isEmpty() || !written.containsAll(paths)) {
            throw new BackupException("Source '" + source.name() + "' (" + source.type() + ") wrote no complete entry; "
                    + "this is a bug in the source implementation.");
        }
        return new SourceRecord(source.name(), source.type(), paths, new LinkedHashMap<>(details.properties()), details.tables());
    }

    private static void checkSources(List<BackupSource> sources) {
        if (sources.isEmpty()) {
            throw new BackupConfigurationException("No source to back up. Give at least one source: a PostgreSQL or SQLite "
                    + "database, or a folder.");
        }
        Set<String> names = new HashSet<>();
        for (BackupSource source : sources) {
            if (!SOURCE_NAME.matcher(source.name()).matches()) {
                throw new BackupConfigurationException("Source name '" + source.name() + "' is not allowed: use letters, "
                        + "digits, '.', '_' and '-' (at most 100), starting with a letter or digit.");
            }
            if (!names.add(source.name())) {
                throw new BackupConfigurationException("Two sources are named '" + source.name() + "' ("
                        + String.join(", ", sources.stream().filter(s -> s.name().equals(source.name())).map(BackupSource::type).toList())
                        + "); a backup needs distinct names to restore each one by name. Give each source its own name.");
            }
        }
    }

    private static void release(DiscardableOutputStream sink, @Nullable OutputStream compressed) {
        sink.discard();
        if (compressed != null) {
            try {
                compressed.close();
            } catch (IOException | RuntimeException e) {
                logger.debug("Closing the compression stream of a failed backup: {}", e.toString());
            }
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    /** Forwards progress every few MiB, with the stored byte count. */
    private static final class ProgressRelay implements java.util.function.LongConsumer {

        private final BackupProgressListener listener;
        private final CountingDigestOutputStream stored;
        private String source = "";
        private long next = PROGRESS_STEP;

        ProgressRelay(BackupProgressListener listener, CountingDigestOutputStream stored) {
            this.listener = listener;
            this.stored = stored;
        }

        @Override
        public void accept(long plainBytes) {
            if (plainBytes >= next) {
                next = plainBytes + PROGRESS_STEP;
                listener.onProgress(source, plainBytes, stored.count());
            }
        }
    }
}
