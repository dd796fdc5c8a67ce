package io.github.embeddedbackup.core.repository;

/**
 * What the complete backups of a storage take up.
 *
 * @param count the complete backups (one per manifest, also a manifest this version cannot read)
 * @param bytes their archives and manifests as stored; interrupted backups (an archive without a manifest)
 *     and leftovers of interrupted writes are not counted
 */
public record StoredBackups(int count, long bytes) {}
