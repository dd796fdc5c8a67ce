package io.github.embeddedbackup.autoconfigure.metrics;

/**
 * Names of the meters; Prometheus shows them with {@code _} and unit suffixes (e.g. {@code backup_runs_seconds_count}).
 * docs/monitoring/README.md lists each with its Prometheus name.
 */
public final class BackupMetricNames {

    /** Timer of backup runs, tagged {@code outcome=success|failure} and {@code trigger}. */
    public static final String RUNS = "backup.runs";
    /** Stored size of each successful backup, in bytes. */
    public static final String SIZE = "backup.size";
    /** Start of the newest complete backup, as a time since the epoch. */
    public static final String LAST_SUCCESS = "backup.last.success";
    /** Start of the most recent backup attempt, whatever its outcome, as a time since the epoch. */
    public static final String LAST_ATTEMPT = "backup.last.attempt";
    /** How long the most recent finished backup ran, whatever its outcome. */
    public static final String LAST_DURATION = "backup.last.duration";
    /** Bytes stored by the most recent successful backup (its archive). */
    public static final String LAST_SIZE = "backup.last.size";
    /** Failed backups, one per source the failed backup covered, tagged {@code source}. */
    public static final String FAILURES = "backup.failures";
    /** Whether a backup is running now (1) or not (0). */
    public static final String RUNNING = "backup.running";
    /** Backups deleted by retention. */
    public static final String RETENTION_DELETED = "backup.retention.deleted";
    /** Bytes the complete backups take in a destination, tagged {@code destination}. */
    public static final String STORAGE_USED = "backup.storage.used";
    /** Complete backups in a destination, tagged {@code destination}. */
    public static final String STORAGE_BACKUPS = "backup.storage.backups";
    /** Bytes this process can still write in a destination, tagged {@code destination}; only for storages with a size (folders). */
    public static final String STORAGE_FREE = "backup.storage.free";

    /** When the last restore drill of this process that passed started, since the epoch. */
    public static final String DRILL_LAST_SUCCESS = "backup.drill.last.success";
    /** How long the last restore drill's restores took (its measured recovery time, RTO). */
    public static final String DRILL_DURATION = "backup.drill.duration";
    /** Failed restore drills: checks that failed, or a drill that could not run. */
    public static final String DRILL_FAILURES = "backup.drill.failures";

    private BackupMetricNames() {}
}
