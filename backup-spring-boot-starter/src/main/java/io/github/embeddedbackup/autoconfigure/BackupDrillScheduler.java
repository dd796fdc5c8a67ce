package io.github.embeddedbackup.autoconfigure;

import io.github.embeddedbackup.autoconfigure.properties.BackupProperties;
import io.github.embeddedbackup.runtime.BackupAlreadyRunningException;
import io.github.embeddedbackup.runtime.BackupDrillService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;

/**
 * Drills the latest backup on {@code backup.drill.cron}, on a private scheduler thread of its own (never the
 * application's scheduler). A drill that finds a job running is skipped: the next tick tries again.
 */
public class BackupDrillScheduler implements SmartLifecycle {

    private static final Logger logger = LoggerFactory.getLogger(BackupDrillScheduler.class);

    private final BackupDrillService drills;
    private final BackupProperties properties;
    private volatile @Nullable ThreadPoolTaskScheduler scheduler;
    private volatile boolean running;

    public BackupDrillScheduler(BackupDrillService drills, BackupProperties properties) {
        this.drills = drills;
        this.properties = properties;
    }

    @Override
    public void start() {
        running = true;
        String cron = properties.drill().cron();
        if (cron.isEmpty()) {
            return; // drills run only when asked for through the API
        }
        ThreadPoolTaskScheduler taskScheduler = BackupScheduler.privateScheduler("backup-drill-scheduler-");
        scheduler = taskScheduler;
        taskScheduler.schedule(this::drillLatest, new CronTrigger(cron, properties.effectiveZone()));
        logger.info("Restore drills scheduled. cron: {}, zone: {}", cron, properties.effectiveZone());
    }

    /** Drills the latest backup and waits for the drill, so ticks never pile up. */
    void drillLatest() {
        try {
            drills.drill("latest", "schedule").completion().get();
        } catch (BackupAlreadyRunningException e) {
            logger.info("Scheduled drill skipped: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | java.util.concurrent.ExecutionException e) {
            // No backup yet, an unreadable storage: said here, the next tick tries again.
            logger.warn("Scheduled drill could not start: {}", e.getMessage());
        }
    }

    @Override
    public void stop() {
        running = false;
        ThreadPoolTaskScheduler taskScheduler = scheduler;
        if (taskScheduler != null) {
            taskScheduler.shutdown();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
