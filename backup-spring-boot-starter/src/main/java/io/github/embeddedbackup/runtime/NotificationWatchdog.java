package io.github.embeddedbackup.runtime;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at the backups on a timer of its own, independent of the scheduler, so that a stuck scheduler
 * or a cron that never fires still raises {@code stale}; also checks the destinations' free space.
 */
public class NotificationWatchdog implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(NotificationWatchdog.class);

    private final BackupNotifications notifications;
    private final Duration interval;
    private @Nullable ScheduledExecutorService timer;

    /** @param interval how often to look; a tenth of {@code backup.health.max-age}, between 1 s and 1 min, suits most */
    public NotificationWatchdog(BackupNotifications notifications, Duration interval) {
        this.notifications = notifications;
        this.interval = interval;
    }

    /** The interval for a max-age: a tenth of it, at least 1 s and at most 1 min. */
    public static Duration intervalFor(Duration maxAge) {
        Duration tenth = maxAge.dividedBy(10);
        return tenth.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                : tenth.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : tenth;
    }

    public synchronized void start() {
        if (timer != null) {
            return;
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "backup-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        timer = executor;
    }

    /** One look now (also called by the timer). Never throws: a failing look is logged and tried again at the next tick. */
    public void check() {
        try {
            notifications.checkStale();
        } catch (RuntimeException e) {
            logger.warn("Backup watchdog could not check the age of the last backup: {}", e.getMessage());
        }
        try {
            notifications.checkStorage();
        } catch (RuntimeException e) {
            logger.warn("Backup watchdog could not check the free space of the destinations: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
