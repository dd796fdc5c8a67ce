package io.github.embeddedbackup.runtime;

import io.github.embeddedbackup.core.drill.DrillResult;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.verify.VerificationReport;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

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

    /**
     * An optional destination (a mirror) failed and was left out of the backup {@code job}, which
     * otherwise succeeded; called before {@link #onSucceeded}.
     */
    default void onDestinationLeftOut(BackupJob job, String destination, String reason) {}

    /**
     * A verification of backup {@code backupId} ended: {@code report} when it ran (its problems, if any),
     * or {@code error} when it could not run (a wrong key, unreadable storage). Called on the caller's thread.
     *
     * @param who who asked for it, or null
     */
    default void onVerified(String backupId, @Nullable VerificationReport report, @Nullable String error, @Nullable String who) {}

    /** A restore job ended, succeeded or failed ({@link BackupJob#state()}). */
    default void onRestoreFinished(BackupJob job) {}

    /**
     * A drill job ended: {@code result} when the drill ran (passed or not, {@link DrillResult#ok()}), null
     * when it could not run at all ({@link BackupJob#error()} says why).
     */
    default void onDrillFinished(BackupJob job, @Nullable DrillResult result) {}
}
