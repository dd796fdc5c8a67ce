package io.github.embeddedbackup.core.storage;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Stores immutable objects by key. A backend moves bytes and nothing else: it knows nothing of the
 * backup format, which {@code BackupRepository} owns.
 *
 * <p>Keys are relative, use {@code /} as separator and contain only {@code [A-Za-z0-9._-]} segments
 * (see {@link StorageKeys}). Every method is safe to call from several threads.
 *
 * @since 0.1.0
 */
public interface BackupStorage {

    /**
     * Opens a writer for a new object. Nothing is visible under {@code key} until
     * {@link StorageWriter#close()} returns; {@link StorageWriter#abort()} discards what was written.
     * Writing a key that exists replaces it only when the writer is closed.
     *
     * @throws StorageException when the object cannot be created (permissions, missing bucket)
     */
    StorageWriter openWriter(String key);

    /**
     * Opens an object for reading from its first byte.
     *
     * @throws ObjectNotFoundException when no object has this key
     */
    InputStream openReader(String key);

    /** Size and time of the object, or empty when no object has this key. */
    Optional<ObjectInfo> stat(String key);

    /**
     * The complete objects whose keys start with {@code prefix}, in key order. Objects being written
     * (not yet closed) and aborted ones are never listed.
     */
    List<ObjectInfo> list(String prefix);

    /** Deletes an object. Idempotent: deleting a missing key succeeds. */
    void delete(String key);

    /**
     * Removes what interrupted writes left behind (temporary files, unfinished multipart uploads)
     * that started before {@code olderThan}. Such leftovers are never listed; this only reclaims space.
     *
     * @return how many leftovers were removed
     */
    default int purgeIncompleteWrites(Instant olderThan) {
        return 0;
    }

    /**
     * What interrupted writes left behind and {@link #purgeIncompleteWrites(Instant)} would remove, for
     * a report: each with the backend's name for it, its size and when it was last written to. A
     * backend that cannot tell returns an empty list.
     */
    default List<ObjectInfo> incompleteWrites() {
        return List.of();
    }

    /**
     * Checks that the storage exists for reading, for a command that reads backups and must not create
     * an empty place by a typo (a local folder that was never written to). Remote stores check on access.
     *
     * @throws StorageException saying what is missing
     */
    default void requireExisting() {}

    /**
     * The free and total space where this storage writes, for monitoring; empty when the backend has no
     * such notion (an object store bills by use and has no fixed size) or the figures cannot be read now.
     * Never throws.
     */
    default Optional<StorageSpace> space() {
        return Optional.empty();
    }

    /** Where this storage points, for messages and logs, e.g. {@code file:/var/backups}. Never a secret. */
    String describe();
}
