package io.github.embeddedbackup.runtime;

import java.util.Optional;

/**
 * Makes a backup run in one instance of the application when several share one storage: a scheduled
 * slot, a catch-up or a manual backup first takes this lock, and holds it until the backup (with its
 * retention) has ended. Implementations: a ShedLock {@code LockProvider} of the application, a
 * PostgreSQL advisory lock, or {@link #NONE} for a single instance.
 */
public interface BackupLock {

    /** No lock: every instance runs every slot (one instance, or a storage nobody shares). */
    BackupLock NONE = new BackupLock() {
        @Override
        public Optional<Lease> tryAcquire() {
            return Optional.of(() -> {});
        }

        @Override
        public String describe() {
            return "none";
        }

        @Override
        public boolean shared() {
            return false;
        }
    };

    /**
     * Takes the lock when no instance holds it; empty when another one does. Returns at once (no waiting
     * for the holder). An instance that cannot reach the lock at all (its database is down) throws.
     *
     * @throws RuntimeException when the lock's own store cannot be reached
     */
    Optional<Lease> tryAcquire();

    /** What the lock is, for logs and messages, without secrets (e.g. "PostgreSQL advisory lock 4711 on db app"). */
    String describe();

    /** Whether other instances can hold this lock (false for {@link #NONE}). */
    default boolean shared() {
        return true;
    }

    /** A held lock. Renewal, where the lock needs it, is the lock's own business while the lease is open. */
    interface Lease extends AutoCloseable {

        /** Releases the lock; safe to call twice; never throws (a failed release is logged, and expires or ends with the session). */
        @Override
        void close();
    }
}
