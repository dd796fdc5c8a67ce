package io.github.embeddedbackup.core;

/**
 * Told how far a running backup has got. Called on the backup's thread, often: keep it cheap.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface BackupProgressListener {

    BackupProgressListener NONE = (source, plainBytes, storedBytes) -> {};

    /**
     * @param source the source being written
     * @param plainBytes bytes of dump data archived so far, all sources together
     * @param storedBytes bytes written to storage so far (compressed)
     */
    void onProgress(String source, long plainBytes, long storedBytes);

    /**
     * An optional destination (a mirror) failed and was left out of a backup that otherwise succeeded.
     * Called once per such destination after the backup is complete, before {@code backup} returns.
     *
     * @param reason the storage's message (never a credential)
     */
    default void onDestinationLeftOut(String destination, String reason) {}
}
