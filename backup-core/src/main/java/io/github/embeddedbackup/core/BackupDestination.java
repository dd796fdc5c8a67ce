package io.github.embeddedbackup.core;

import io.github.embeddedbackup.core.repository.BackupRepository;

/**
 * One place a backup is written to. A backup succeeds only when every required destination holds it;
 * an optional destination that fails is left out with a warning (e.g. an off-site copy on a flaky link).
 *
 * @param name a short name for messages (e.g. {@code primary}, {@code offsite})
 * @param repository the storage and its layout
 * @param required whether the backup fails when this destination fails
 */
public record BackupDestination(String name, BackupRepository repository, boolean required) {}
