package io.github.embeddedbackup.core.repository;

import io.github.embeddedbackup.core.manifest.Manifest;
import java.util.List;

/**
 * The complete backups in a storage, newest first, and the manifests that could not be read.
 *
 * @param backups readable complete backups, newest first
 * @param problems one sentence per manifest that was skipped (unknown format version, unreadable)
 */
public record BackupListing(List<Manifest> backups, List<String> problems) {

    public BackupListing {
        backups = List.copyOf(backups);
        problems = List.copyOf(problems);
    }
}
