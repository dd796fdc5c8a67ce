package io.github.embeddedbackup.core.retention;

import io.github.embeddedbackup.core.manifest.Manifest;
import java.time.Instant;

/**
 * What retention needs to know of a complete backup.
 *
 * @param id the backup id
 * @param startedAt when it started
 * @param size its stored size in bytes
 */
public record BackupSummary(String id, Instant startedAt, long size) {

    public static BackupSummary of(Manifest manifest) {
        return new BackupSummary(manifest.id(), manifest.startedAt(), manifest.archive().size());
    }
}
