package io.github.embeddedbackup.runtime;

import io.github.embeddedbackup.core.manifest.Manifest;
import java.time.Duration;

/**
 * Told about backup runs: metrics, events and notifications plug in here. Called on the backup's
 * worker thread; an exception thrown here is logged and does not change the run's outcome.
 */
public interface BackupRunListener {

    default void onStarted(BackupJob job) {}

    default void onSucceeded(BackupJob job, Manifest manifest, Duration duration) {}

    default void onFailed(BackupJob job, Exception failure, Duration duration) {}

    /** After retention ran following a successful backup. */
    default void onRetentionApplied(int deleted, int kept) {}
}
