package io.github.embeddedbackup.autoconfigure.metrics;

/** Names of the meters; Prometheus shows them with {@code _} and unit suffixes (e.g. {@code backup_runs_seconds_count}). */
public final class BackupMetricNames {

    /** Timer of backup runs, tagged {@code outcome=success|failure} and {@code trigger}. */
    public static final String RUNS = "backup.runs";
    /** Stored size of each successful backup, in bytes. */
    public static final String SIZE = "backup.size";
    /** Start of the newest complete backup, as a time since the epoch. */
    public static final String LAST_SUCCESS = "backup.last.success";
    /** Whether a backup is running now (1) or not (0). */
    public static final String RUNNING = "backup.running";
    /** Backups deleted by retention. */
    public static final String RETENTION_DELETED = "backup.retention.deleted";

    private BackupMetricNames() {}
}
