package io.github.embeddedbackup.core.source;

import java.util.function.BooleanSupplier;

/**
 * A restore target that may already hold data, with what backs it up before it is replaced.
 *
 * @param target restores into it
 * @param safetySource backs up what it holds now (a safety backup before the restore)
 * @param holdsData asked once per restore, before anything is changed (a query for a server database)
 * @param createWhenMissing whether a restore creates it when it does not exist (a server database)
 * @since 0.2.0
 */
public record ExistingTarget(RestoreTarget target, BackupSource safetySource, BooleanSupplier holdsData, boolean createWhenMissing) {}
