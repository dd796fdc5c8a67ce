package io.github.embeddedbackup.core.restore;

import java.time.Duration;

/**
 * A finished restore.
 *
 * @param backupId the backup restored from
 * @param source the source restored
 * @param target where it went
 * @param bytes plain bytes of dump read
 * @param duration how long it took
 */
public record RestoreResult(String backupId, String source, String target, long bytes, Duration duration) {}
