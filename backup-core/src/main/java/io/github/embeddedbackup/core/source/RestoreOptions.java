package io.github.embeddedbackup.core.source;

import java.util.List;

/**
 * How to restore.
 *
 * @param create create the target (a PostgreSQL database); fail if it exists
 * @param clean replace what the target holds: PostgreSQL drops the restored objects first, SQLite
 *     replaces the file
 * @param jobs parallel {@code pg_restore} jobs (1 restores in a single transaction)
 * @param tables restore only these tables (PostgreSQL; {@code name} or {@code schema.name})
 * @param noOwner do not restore object ownership (when the original roles do not exist on the target)
 */
public record RestoreOptions(boolean create, boolean clean, int jobs, List<String> tables, boolean noOwner) {

    public RestoreOptions {
        if (jobs < 1 || jobs > 64) {
            throw new IllegalArgumentException("jobs must be between 1 and 64, but was " + jobs);
        }
        if (create && clean) {
            throw new IllegalArgumentException("create (make a new database) and clean (replace what an existing one holds) exclude each other: choose one");
        }
        tables = List.copyOf(tables);
    }

    public static RestoreOptions defaults() {
        return new RestoreOptions(false, false, 1, List.of(), false);
    }
}
