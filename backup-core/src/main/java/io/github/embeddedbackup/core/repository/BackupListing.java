package io.github.embeddedbackup.core.repository;

import io.github.embeddedbackup.core.manifest.Manifest;
import java.util.List;

/**
 * The complete backups in a storage, newest first, and the manifests that could not be read.
 *
 * @param backups readable complete backups, newest first
 * @param skipped one per manifest that was skipped (unknown format version, unreadable), with its backup id
 */
public record BackupListing(List<Manifest> backups, List<SkippedBackup> skipped) {

    public BackupListing {
        backups = List.copyOf(backups);
        skipped = List.copyOf(skipped);
    }

    /** One sentence per skipped manifest. */
    public List<String> problems() {
        return skipped.stream().map(SkippedBackup::reason).toList();
    }
}
