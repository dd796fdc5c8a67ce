package io.github.embeddedbackup.core.source.postgres;

import io.github.embeddedbackup.core.manifest.TableRecord;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * Counts every table's rows in an exported snapshot, on a connection and a thread of its own, while
 * {@code pg_dump} dumps the same snapshot. A count that fails (a table the user may not read) ends
 * only this connection's transaction: the exporting one, and with it the snapshot {@code pg_dump}
 * imports, stays alive, so {@code pg_dump} reports the real cause itself.
 */
final class SnapshotRowCounter {

    private final CompletableFuture<List<TableRecord>> counts;
    private volatile @Nullable Statement running;
    private volatile boolean cancelled;

    private SnapshotRowCounter(PgConnectionInfo connection, String snapshot, List<String> tables) {
        this.counts = CompletableFuture.supplyAsync(() -> count(connection, snapshot, tables));
    }

    /** Starts counting {@code tables} (quoted names) in {@code snapshot}; its exporter must stay open until {@link #await()}. */
    static SnapshotRowCounter start(PgConnectionInfo connection, String snapshot, List<String> tables) {
        return new SnapshotRowCounter(connection, snapshot, tables);
    }

    /**
     * The counts, or the reason they are missing.
     *
     * @throws InterruptedException when the waiting thread is interrupted (the counting is then cancelled)
     */
    List<TableRecord> await() throws SQLException, InterruptedException {
        try {
            return counts.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            cancel();
            throw e;
        }
    }

    /** Stops a count that is still running (the backup failed); never throws. */
    void cancel() {
        cancelled = true;
        Statement statement = running;
        if (statement != null) {
            try {
                statement.cancel();
            } catch (SQLException e) {
                // the statement ended meanwhile
            }
        }
    }

    private List<TableRecord> count(PgConnectionInfo connection, String snapshot, List<String> tables) {
        List<TableRecord> result = new ArrayList<>();
        try (Connection conn = connection.connect(); Statement statement = conn.createStatement()) {
            running = statement;
            conn.setAutoCommit(false);
            statement.execute("set transaction isolation level repeatable read, read only");
            statement.execute("set transaction snapshot " + PgTools.quoteLiteral(snapshot));
            // One process per count: parallel workers would compete with pg_dump for the same cores and cost more in all.
            statement.execute("set local max_parallel_workers_per_gather = 0");
            for (String table : tables) {
                if (cancelled) {
                    throw new SQLException("cancelled");
                }
                try (ResultSet rs = statement.executeQuery("select count(*) from only " + table)) {
                    rs.next();
                    result.add(new TableRecord(table, rs.getLong(1)));
                }
            }
            conn.rollback();
        } catch (SQLException e) {
            throw new java.util.concurrent.CompletionException(e);
        } finally {
            running = null;
        }
        return result;
    }
}
