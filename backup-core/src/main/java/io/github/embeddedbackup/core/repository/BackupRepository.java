package io.github.embeddedbackup.core.repository;

import io.github.embeddedbackup.core.BackupException;
import io.github.embeddedbackup.core.BackupId;
import io.github.embeddedbackup.core.IntegrityException;
import io.github.embeddedbackup.core.manifest.CorruptManifestException;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.manifest.ManifestCodec;
import io.github.embeddedbackup.core.manifest.UnsupportedFormatVersionException;
import io.github.embeddedbackup.core.storage.BackupStorage;
import io.github.embeddedbackup.core.storage.ObjectInfo;
import io.github.embeddedbackup.core.storage.ObjectNotFoundException;
import io.github.embeddedbackup.core.storage.StorageException;
import io.github.embeddedbackup.core.storage.StorageWriter;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The format layer over a {@link BackupStorage}: where archives and manifests live, and in which
 * order they are written and deleted.
 *
 * <pre>
 * manifests/{backupId}.json          written last: its presence means "complete"
 * archives/{backupId}.tar.{zst|gz}   written first
 * </pre>
 *
 * An archive without a manifest is an interrupted backup: never listed, removed by
 * {@link #removeOrphans(Duration, Instant)} after a grace period.
 */
public final class BackupRepository {

    public static final String MANIFESTS = "manifests/";
    public static final String ARCHIVES = "archives/";
    /** Where the records of restore drills are kept, one folder per backup. */
    public static final String DRILLS = "drills/";
    private static final String MANIFEST_SUFFIX = ".json";
    private static final int MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

    private static final Logger logger = LoggerFactory.getLogger(BackupRepository.class);

    private final BackupStorage storage;

    public BackupRepository(BackupStorage storage) {
        this.storage = storage;
    }

    public BackupStorage storage() {
        return storage;
    }

    /** The key of a new backup's archive. */
    public static String archiveKey(BackupId id, String extension) {
        return ARCHIVES + id.value() + extension;
    }

    public static String manifestKey(BackupId id) {
        return MANIFESTS + id.value() + MANIFEST_SUFFIX;
    }

    /** Opens the writer for a new archive; it becomes a backup only through {@link #publish(Manifest)}. */
    public StorageWriter openArchiveWriter(String archiveKey) {
        return storage.openWriter(archiveKey);
    }

    /**
     * Marks a backup complete by writing its manifest, after checking that the stored archive has the
     * size the manifest records.
     */
    public void publish(Manifest manifest) {
        String archiveKey = manifest.archive().key();
        ObjectInfo stored = storage.stat(archiveKey).orElseThrow(() -> new BackupException("Backup " + manifest.id()
                + " failed: its archive '" + archiveKey + "' is not in " + storage.describe() + " after it was written. "
                + "Check that nothing else deletes files in that storage."));
        if (stored.size() != manifest.archive().size()) {
            throw new IntegrityException(manifest.id(), "stored archive '" + archiveKey + "'", manifest.archive().size() + " bytes",
                    stored.size() + " bytes", "has a different size than was written");
        }
        String key = manifestKey(manifest.backupId());
        StorageWriter writer = storage.openWriter(key);
        try (writer) {
            writer.write(ManifestCodec.write(manifest));
        } catch (IOException | RuntimeException e) {
            writer.abort();
            throw new BackupException("Backup " + manifest.id() + " failed: its manifest could not be written to "
                    + storage.describe() + " (" + e.getMessage() + "). The backup is not complete; check free space and permissions.", e);
        }
    }

    /** The complete backups, newest first, with the manifests that had to be skipped. */
    public BackupListing list() {
        List<Manifest> backups = new ArrayList<>();
        List<SkippedBackup> skipped = new ArrayList<>();
        for (ObjectInfo object : storage.list(MANIFESTS)) {
            Optional<BackupId> id = idOf(object.key());
            if (id.isEmpty()) {
                continue;
            }
            try {
                backups.add(read(id.get()));
            } catch (UnsupportedFormatVersionException | CorruptManifestException e) {
                skipped.add(new SkippedBackup(id.get().value(), e.getMessage()));
            } catch (ObjectNotFoundException e) {
                // deleted while we listed
            }
        }
        // By start time first: two backups in the same second have ids that differ only by their random suffix.
        backups.sort(Comparator.comparing(Manifest::startedAt).thenComparing(Manifest::id).reversed());
        skipped.sort(Comparator.comparing(SkippedBackup::id).reversed());
        return new BackupListing(backups, skipped);
    }

    /**
     * How many complete backups the storage holds and the bytes they take, from one listing of the
     * manifests and one of the archives: no manifest is read, so it stays cheap for many backups in a
     * remote store.
     */
    public StoredBackups stored() {
        Map<String, Long> manifests = new HashMap<>();
        for (ObjectInfo object : storage.list(MANIFESTS)) {
            idOf(object.key()).ifPresent(id -> manifests.put(id.value(), object.size()));
        }
        long bytes = manifests.values().stream().mapToLong(Long::longValue).sum();
        for (ObjectInfo object : storage.list(ARCHIVES)) {
            if (manifests.containsKey(archiveId(object.key()))) {
                bytes += object.size();
            }
        }
        return new StoredBackups(manifests.size(), bytes);
    }

    /**
     * The backup with this id, or the newest one for {@code latest}; see {@link #resolve(String)} to
     * learn which newer backups {@code latest} passed over.
     *
     * @throws BackupNotFoundException when there is no such complete backup
     * @throws UnsupportedFormatVersionException when it was written in a format this library cannot read
     */
    public Manifest get(String idOrLatest) {
        return resolve(idOrLatest).manifest();
    }

    /**
     * The backup with this id, or the newest readable one for {@code latest} together with the newer
     * backups whose manifests could not be read (they are passed over, never silently).
     *
     * @throws BackupNotFoundException when there is no such complete backup
     * @throws UnsupportedFormatVersionException when it was written in a format this library cannot read
     */
    public ResolvedBackup resolve(String idOrLatest) {
        if ("latest".equals(idOrLatest)) {
            BackupListing listing = list();
            if (listing.backups().isEmpty()) {
                throw new BackupNotFoundException("There is no complete backup in " + storage.describe()
                        + (listing.skipped().isEmpty() ? "" : " that this version can read (" + String.join(" ", listing.problems()) + ")")
                        + ". Run a backup first, or check the storage location.");
            }
            Manifest newest = listing.backups().get(0);
            List<SkippedBackup> newer = listing.skipped().stream().filter(s -> s.id().compareTo(newest.id()) > 0).toList();
            return new ResolvedBackup(newest, newer);
        }
        BackupId id = new BackupId(idOrLatest); // a malformed id fails with the explanatory message
        try {
            return new ResolvedBackup(read(id), List.of());
        } catch (ObjectNotFoundException e) {
            throw new BackupNotFoundException("There is no complete backup " + idOrLatest + " in " + storage.describe() + ".");
        }
    }

    /** Opens the stored archive of a backup. */
    public InputStream openArchive(Manifest manifest) {
        try {
            return storage.openReader(manifest.archive().key());
        } catch (ObjectNotFoundException e) {
            throw new IntegrityException(manifest.id(), "archive '" + manifest.archive().key() + "'", null, null,
                    "is missing from " + storage.describe() + " although its manifest exists");
        }
    }

    /**
     * Deletes a backup: the manifest first, so that an interrupted delete leaves an orphaned archive
     * (cleaned up later) rather than a listed backup whose data is gone.
     */
    public void delete(Manifest manifest) {
        storage.delete(manifestKey(manifest.backupId()));
        storage.delete(manifest.archive().key());
        deleteDrillRecords(manifest.id());
        logger.info("Backup deleted. id: {}, storage: {}", manifest.id(), storage.describe());
    }

    /** The records of a deleted backup's restore drills go with it; a failure only leaves them behind (they name a backup no longer listed). */
    private void deleteDrillRecords(String backupId) {
        try {
            for (ObjectInfo record : storage.list(DRILLS + backupId + "/")) {
                storage.delete(record.key());
            }
        } catch (RuntimeException e) {
            logger.warn("The drill records of deleted backup {} were left in {}: {}", backupId, storage.describe(), e.getMessage());
        }
    }

    /**
     * Removes archives that have no manifest and are older than {@code grace} (interrupted backups),
     * and leftovers of interrupted writes. A backup in progress is younger than the grace period and
     * is never touched.
     *
     * @return the keys removed
     */
    public List<String> removeOrphans(Duration grace, Instant now) {
        Instant cutoff = now.minus(grace);
        Set<String> complete = new HashSet<>();
        for (ObjectInfo object : storage.list(MANIFESTS)) {
            idOf(object.key()).ifPresent(id -> complete.add(id.value()));
        }
        List<String> removed = new ArrayList<>();
        for (ObjectInfo object : storage.list(ARCHIVES)) {
            String id = archiveId(object.key());
            if (!complete.contains(id) && object.lastModified().isBefore(cutoff) && !manifestInTheWay(id)) {
                storage.delete(object.key());
                removed.add(object.key());
                logger.info("Orphaned archive removed. key: {}, storage: {}", object.key(), storage.describe());
            }
        }
        int leftovers = storage.purgeIncompleteWrites(cutoff);
        if (leftovers > 0) {
            logger.info("Leftovers of interrupted writes removed. count: {}, storage: {}", leftovers, storage.describe());
        }
        return removed;
    }

    private Manifest read(BackupId id) {
        String key = manifestKey(id);
        byte[] json;
        try (InputStream in = storage.openReader(key)) {
            json = in.readNBytes(MAX_MANIFEST_BYTES);
        } catch (IOException e) {
            throw new BackupException("Cannot read the manifest '" + key + "' from " + storage.describe() + ": " + e.getMessage(), e);
        }
        Manifest manifest = ManifestCodec.read(json, "'" + key + "' in " + storage.describe());
        if (!manifest.id().equals(id.value())) {
            throw new CorruptManifestException("'" + key + "' in " + storage.describe(), "it names backup " + manifest.id());
        }
        return manifest;
    }

    /** Something other than a manifest file sits where the manifest of {@code id} belongs: keep its archive. */
    private boolean manifestInTheWay(String id) {
        try {
            return storage.stat(MANIFESTS + id + MANIFEST_SUFFIX).isPresent();
        } catch (StorageException e) {
            logger.warn("Archive of backup {} kept: {}", id, e.getMessage());
            return true;
        }
    }

    /** The backup id an archive key names: {@code archives/ID.tar.zst} gives ID. */
    private static String archiveId(String archiveKey) {
        String name = archiveKey.substring(ARCHIVES.length());
        return name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
    }

    private static Optional<BackupId> idOf(String manifestKey) {
        if (!manifestKey.startsWith(MANIFESTS) || !manifestKey.endsWith(MANIFEST_SUFFIX)) {
            return Optional.empty();
        }
        String id = manifestKey.substring(MANIFESTS.length(), manifestKey.length() - MANIFEST_SUFFIX.length());
        return BackupId.isValid(id) ? Optional.of(new BackupId(id)) : Optional.empty();
    }
}
