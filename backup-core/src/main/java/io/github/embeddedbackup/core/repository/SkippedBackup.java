package io.github.embeddedbackup.core.repository;

/**
 * A backup whose manifest could not be used.
 *
 * @param id the backup id, from the manifest's key
 * @param reason why it was skipped, one sentence
 */
public record SkippedBackup(String id, String reason) {}
