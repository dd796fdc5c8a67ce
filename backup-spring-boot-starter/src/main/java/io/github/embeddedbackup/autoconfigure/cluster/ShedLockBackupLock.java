package io.github.embeddedbackup.autoconfigure.cluster;

import io.github.embeddedbackup.runtime.BackupLock;
import io.github.embeddedbackup.runtime.PostgresAdvisoryLock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lock of the application's ShedLock {@link LockProvider}. A ShedLock lock expires after lockAtMostFor (so a dead
 * holder does not block the others for ever); while a lease is open it is extended every lockAtMostFor/3 on a daemon
 * thread of its own, so a backup longer than lockAtMostFor keeps it.
 */
public final class ShedLockBackupLock implements BackupLock {

    private static final Logger logger = LoggerFactory.getLogger(ShedLockBackupLock.class);

    private final LockProvider provider;
    private final String name;
    private final Duration lockAtMostFor;
    private final Duration renewEvery;
    private final AtomicBoolean toldNoExtension = new AtomicBoolean();

    /**
     * @param provider the application's lock provider, shared by every instance
     * @param storageLocation where backups go (the primary storage's describe()); names the lock
     * @param lockAtMostFor how long the lock outlives a holder that died without releasing it
     */
    public ShedLockBackupLock(LockProvider provider, String storageLocation, Duration lockAtMostFor) {
        this(provider, storageLocation, lockAtMostFor, lockAtMostFor.dividedBy(3));
    }

    /** With another renewal period; a period longer than lockAtMostFor stands for a holder whose renewal stopped. */
    ShedLockBackupLock(LockProvider provider, String storageLocation, Duration lockAtMostFor, Duration renewEvery) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.name = lockNameFor(storageLocation);
        this.lockAtMostFor = Objects.requireNonNull(lockAtMostFor, "lockAtMostFor");
        this.renewEvery = renewEvery.isZero() || renewEvery.isNegative() ? Duration.ofMillis(1) : renewEvery;
    }

    /**
     * The lock's name for a storage: "embedded-backup-" and 16 hex digits of SHA-256 of the location (32 characters,
     * within the 64 of ShedLock's JDBC name column).
     */
    public static String lockNameFor(String storageLocation) {
        return "embedded-backup-" + String.format(Locale.ROOT, "%016x", PostgresAdvisoryLock.keyFor(storageLocation));
    }

    public String lockName() {
        return name;
    }

    @Override
    public Optional<Lease> tryAcquire() {
        // As ShedLock's DefaultLockingTaskExecutor does: created now (ClockProvider), released at once on unlock.
        LockConfiguration configuration = new LockConfiguration(ClockProvider.now(), name, lockAtMostFor, Duration.ZERO);
        Optional<SimpleLock> lock = provider.lock(configuration);
        return lock.map(held -> new RenewedLease(held, configuration.getLockAtMostUntil()));
    }

    @Override
    public String describe() {
        return "ShedLock lock '" + name + "' of " + provider.getClass().getSimpleName() + " (lock-at-most-for " + lockAtMostFor + ")";
    }

    @Override
    public String toString() {
        return describe();
    }

    /** Holds a ShedLock lock and extends it until closed. */
    private final class RenewedLease implements Lease {

        private final ScheduledExecutorService renewal;
        private @Nullable SimpleLock current;
        /** When the lock expires unless extended again. */
        private Instant heldUntil;
        private boolean closed;

        RenewedLease(SimpleLock lock, Instant heldUntil) {
            this.current = lock;
            this.heldUntil = heldUntil;
            this.renewal = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "backup-lock-renewal");
                thread.setDaemon(true); // never keeps a JVM alive; a dead JVM lets the lock expire
                return thread;
            });
            long period = renewEvery.toMillis();
            renewal.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.MILLISECONDS);
        }

        private synchronized void renew() {
            if (closed || current == null) {
                return;
            }
            Optional<SimpleLock> extended;
            Instant now = ClockProvider.now();
            try {
                extended = current.extend(lockAtMostFor, Duration.ZERO);
            } catch (UnsupportedOperationException e) {
                if (toldNoExtension.compareAndSet(false, true)) {
                    logger.warn("The ShedLock {} cannot extend a lock: a backup running longer than backup.cluster.lock-at-most-for ({}) "
                            + "can lose the lock, and another instance may start one too. Set backup.cluster.lock-at-most-for longer "
                            + "than your longest backup.", provider.getClass().getSimpleName(), lockAtMostFor);
                }
                renewal.shutdown();
                return;
            } catch (RuntimeException e) {
                // The lock store is unreachable for now: the lock stays valid (ShedLock did not extend it); try again next time.
                logger.warn("Extending the {} failed ({}); trying again in {}", describe(), e.getMessage(), renewEvery);
                return;
            }
            if (extended.isPresent()) {
                current = extended.get();
                heldUntil = now.plus(lockAtMostFor);
            } else {
                logger.warn("The {} could not be extended: it expired or another instance took it; this backup goes on without it",
                        describe());
                current = null;
                renewal.shutdown();
            }
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            renewal.shutdownNow();
            if (current == null) {
                return;
            }
            if (ClockProvider.now().isAfter(heldUntil)) {
                // ShedLock's unlock does not check who holds the lock: releasing an expired one would end another instance's.
                logger.warn("The {} expired at {} before this backup ended (it was not extended in time); another instance may "
                        + "have started a backup meanwhile", describe(), heldUntil);
                current = null;
                return;
            }
            try {
                current.unlock();
            } catch (RuntimeException e) {
                logger.warn("Releasing the {} failed ({}); it expires after {}", describe(), e.getMessage(), lockAtMostFor);
            }
            current = null;
        }
    }
}
