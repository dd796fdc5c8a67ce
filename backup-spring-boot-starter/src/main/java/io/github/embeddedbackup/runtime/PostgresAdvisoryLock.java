package io.github.embeddedbackup.runtime;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session-level PostgreSQL advisory lock ({@code pg_try_advisory_lock}) on the application's database. The lease holds
 * one connection of the DataSource until it is closed. Nothing expires and nothing needs renewing: when the holding JVM
 * dies, its connection ends and the server drops the lock with it. Does not work through a pooler in transaction mode
 * (PgBouncer {@code pool_mode=transaction}), where a session is not one server connection.
 */
public final class PostgresAdvisoryLock implements BackupLock {

    private static final Logger logger = LoggerFactory.getLogger(PostgresAdvisoryLock.class);

    private final DataSource dataSource;
    private final long key;
    private final String description;

    /**
     * @param dataSource where the lock is taken; every instance must reach the same database
     * @param key the lock's key, the same in every instance (see {@link #keyFor(String)})
     * @param description where the lock is, for logs, without secrets (e.g. "database app")
     */
    public PostgresAdvisoryLock(DataSource dataSource, long key, String description) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.key = key;
        this.description = Objects.requireNonNull(description, "description");
    }

    /** The key of the lock that guards one storage: the first 8 bytes of SHA-256 of "embedded-backup:" + location. */
    public static long keyFor(String storageLocation) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(("embedded-backup:" + storageLocation).getBytes(StandardCharsets.UTF_8));
            long key = 0;
            for (int i = 0; i < 8; i++) {
                key = (key << 8) | (hash[i] & 0xff);
            }
            return key;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public long key() {
        return key;
    }

    @Override
    public Optional<Lease> tryAcquire() {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot take the " + describe() + ": no connection to the database (" + e.getMessage() + ")", e);
        }
        boolean locked = false;
        try {
            try (PreparedStatement statement = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
                statement.setLong(1, key);
                try (ResultSet result = statement.executeQuery()) {
                    locked = result.next() && result.getBoolean(1);
                }
            }
            // A session lock outlives the transaction; ending it keeps the held connection from sitting "idle in
            // transaction", which idle_in_transaction_session_timeout would kill, releasing the lock mid-backup.
            endTransaction(connection);
        } catch (SQLException e) {
            if (locked) {
                abort(connection);
            } else {
                closeQuietly(connection);
            }
            throw new IllegalStateException("Cannot take the " + describe() + " (" + e.getMessage() + ")", e);
        }
        if (!locked) {
            closeQuietly(connection);
            return Optional.empty();
        }
        return Optional.of(new AdvisoryLease(connection));
    }

    /**
     * Who holds the lock now, for a message such as "a backup runs in another instance: ...": e.g. "client 10.0.0.5,
     * application 'petclinic', since 2026-12-02T05:00:00Z". Empty when nobody holds it or the database cannot say (the
     * user lacks the rights to see other sessions, or cannot be reached). Never throws.
     */
    public Optional<String> holder() {
        try (Connection connection = dataSource.getConnection()) {
            Optional<String> holder = holder(connection, key);
            endTransaction(connection);
            return holder;
        } catch (SQLException | RuntimeException e) {
            logger.debug("Cannot tell who holds the {}: {}", describe(), e.toString());
            return Optional.empty();
        }
    }

    /**
     * Who holds the advisory lock {@code key} in the database of {@code connection} (see {@link #holder()}).
     *
     * @throws SQLException when pg_locks cannot be read
     */
    public static Optional<String> holder(Connection connection, long key) throws SQLException {
        // pg_locks shows a bigint advisory key as its high half in classid, its low half in objid, with objsubid 1.
        String sql = "select host(a.client_addr), a.client_hostname, a.application_name, a.query_start, l.pid, a.client_port "
                + "from pg_locks l left join pg_stat_activity a on a.pid = l.pid "
                + "where l.locktype = 'advisory' and l.granted and l.objsubid = 1 and l.classid::bigint = ? and l.objid::bigint = ? "
                + "and l.database = (select oid from pg_database where datname = current_database())";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, key >>> 32);
            statement.setLong(2, key & 0xffffffffL);
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next()) {
                    return Optional.empty();
                }
                return Optional.of(describeHolder(result.getString(1), result.getString(2), result.getString(3), result.getTimestamp(4),
                        result.getInt(5), result.getObject(6) != null && result.getInt(6) == -1));
            }
        }
    }

    private static String describeHolder(@Nullable String address, @Nullable String hostname, @Nullable String application,
            @Nullable Timestamp since, int pid, boolean unixSocket) {
        List<String> parts = new ArrayList<>();
        if (address != null) {
            parts.add("client " + address + (hostname != null ? " (" + hostname + ")" : ""));
        } else if (unixSocket) {
            parts.add("a client on the database server's own host (Unix socket)");
        } else {
            // Another user's session without pg_read_all_stats: PostgreSQL hides its details.
            parts.add("another session (its details are hidden from this database user)");
        }
        if (application != null && !application.isEmpty()) {
            parts.add("application '" + application + "'");
        }
        if (since != null) {
            parts.add("since " + since.toInstant());
        }
        if (pid != 0) {
            parts.add("backend pid " + pid);
        }
        return String.join(", ", parts);
    }

    @Override
    public String describe() {
        return "PostgreSQL advisory lock " + key + " on " + description;
    }

    @Override
    public String toString() {
        return describe();
    }

    private static void endTransaction(Connection connection) throws SQLException {
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            logger.debug("Closing a connection failed: {}", e.toString());
        }
    }

    /** Ends the connection instead of giving it back to a pool, where it would keep holding the lock. */
    private static void abort(Connection connection) {
        try {
            connection.abort(Runnable::run);
        } catch (SQLException | RuntimeException e) {
            logger.debug("Aborting a connection failed: {}", e.toString());
        }
        closeQuietly(connection);
    }

    private final class AdvisoryLease implements Lease {

        private final Connection connection;
        private final AtomicBoolean closed = new AtomicBoolean();

        AdvisoryLease(Connection connection) {
            this.connection = connection;
        }

        @Override
        public void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            try {
                boolean released;
                try (PreparedStatement statement = connection.prepareStatement("select pg_advisory_unlock(?)")) {
                    statement.setLong(1, key);
                    try (ResultSet result = statement.executeQuery()) {
                        released = result.next() && result.getBoolean(1);
                    }
                }
                endTransaction(connection);
                if (!released) {
                    // The session was replaced under us (a pooler reset it): whatever it holds, it must not go back.
                    logger.warn("The {} was no longer held by its connection when released; the connection is dropped", describe());
                    abort(connection);
                    return;
                }
                connection.close();
            } catch (SQLException | RuntimeException e) {
                // Usually the connection died during the backup: the server dropped the lock with the session.
                logger.warn("Releasing the {} failed ({}); the connection is dropped, which ends the lock on the server", describe(),
                        e.getMessage());
                abort(connection);
            }
        }
    }
}
