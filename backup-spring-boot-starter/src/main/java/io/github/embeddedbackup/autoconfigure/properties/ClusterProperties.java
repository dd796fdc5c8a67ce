package io.github.embeddedbackup.autoconfigure.properties;

import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Several instances of the application sharing one storage ({@code backup.cluster.*}): each scheduled slot,
 * catch-up and manual backup runs in one instance only.
 *
 * @param lock How instances agree: auto (a ShedLock LockProvider bean when the application has one, else a PostgreSQL
 *     advisory lock when the DataSource is PostgreSQL, else none), shedlock, postgres, or none (every instance backs up).
 * @param lockAtMostFor How long a ShedLock lock is held at most when its holder dies without releasing it; renewed while a
 *     backup runs, so a long backup keeps it. The next slot can run elsewhere after this time.
 */
public record ClusterProperties(
        @DefaultValue("auto") String lock,
        @DefaultValue("10m") Duration lockAtMostFor) {

    /** The values of {@code backup.cluster.lock}. */
    public static final java.util.List<String> LOCKS = java.util.List.of("auto", "shedlock", "postgres", "none");

    public ClusterProperties {
        lock = lock == null ? "auto" : lock.strip().toLowerCase(Locale.ROOT);
        if (!LOCKS.contains(lock)) {
            throw new IllegalArgumentException("backup.cluster.lock: '" + lock + "' is not a lock type. Use one of " + LOCKS
                    + " (auto: ShedLock when the application has a LockProvider bean, else PostgreSQL when its DataSource is PostgreSQL)");
        }
        if (lockAtMostFor == null || lockAtMostFor.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("backup.cluster.lock-at-most-for must be at least 1s (e.g. 10m); it is renewed while a "
                    + "backup runs");
        }
    }
}
