package io.github.embeddedbackup.core.storage;

import java.time.Instant;

/**
 * A stored object.
 *
 * @param key its key
 * @param size its size in bytes
 * @param lastModified when it was written
 */
public record ObjectInfo(String key, long size, Instant lastModified) {}
