package io.github.embeddedbackup.core.source;

import io.github.embeddedbackup.core.manifest.SourceRecord;
import io.github.embeddedbackup.core.manifest.TableRecord;
import java.util.List;
import java.util.Map;

/**
 * A new, private place a restore drill restores into (a scratch database on the source's server, a
 * temporary file or folder), with what a drill checks afterwards. Closing it removes everything the
 * drill created, so a drill leaves nothing behind.
 *
 * @since 0.2.0
 */
public interface ScratchTarget extends AutoCloseable {

    /** Restores into the scratch place. */
    RestoreTarget target();

    /** The options a restore into it takes (e.g. create the scratch database). */
    RestoreOptions options();

    /**
     * The restored row count of each table the manifest lists, by the manifest's table name; a table
     * the restore did not bring back is counted {@code -1}. Empty for sources without tables.
     */
    Map<String, Long> rowCounts(List<TableRecord> tables);

    /**
     * The checks of this kind of source beyond row counts, run after a successful restore (SQLite's
     * {@code PRAGMA integrity_check}, every restored file against the archive). Never throws: a check
     * that cannot run is a failed check saying why.
     */
    default List<ScratchCheck> extraChecks() {
        return List.of();
    }

    /**
     * {@link #extraChecks()} with what the manifest recorded of the source (PostgreSQL compares the
     * schemas, sequences and large objects its properties list). The default ignores the record.
     */
    default List<ScratchCheck> extraChecks(SourceRecord source) {
        return extraChecks();
    }

    /**
     * Removes what drills that were killed before they could clean up left beside this scratch place
     * (scratch databases made from the same scratch URL) and that were created before {@code createdBefore}.
     * Never throws: a failure is logged. Temporary files and folders need no such hook: their names
     * carry the process id and {@link TempFiles#removeLeftovers()} removes those of dead processes.
     *
     * @return the names removed
     */
    default List<String> removeLeftovers(java.time.Instant createdBefore) {
        return List.of();
    }

    /** Whether the scratch place exists now (false before a restore made it and after {@link #close()}). */
    boolean exists();

    /** Removes the scratch place and everything in it; never throws (a failure is logged), may be called twice. */
    @Override
    void close();
}
