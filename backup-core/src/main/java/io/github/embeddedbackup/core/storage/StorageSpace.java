package io.github.embeddedbackup.core.storage;

/**
 * How much room a storage has, for monitoring (alert before a backup fails for lack of space).
 *
 * @param freeBytes the bytes this process can still write there: usable space, which leaves out what the
 *     file system reserves for other users (root's reserved blocks) and any quota
 * @param totalBytes the size of the volume holding the storage, in bytes
 */
public record StorageSpace(long freeBytes, long totalBytes) {

    public StorageSpace {
        if (freeBytes < 0 || totalBytes < 0) {
            throw new IllegalArgumentException("Storage space cannot be negative: free " + freeBytes + ", total " + totalBytes);
        }
    }
}
