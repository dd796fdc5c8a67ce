package io.github.embeddedbackup.autoconfigure;

import io.github.embeddedbackup.autoconfigure.properties.BackupProperties;
import io.github.embeddedbackup.runtime.BackupAlreadyRunningException;
import io.github.embeddedbackup.runtime.BackupDrillService;
import io.github.embeddedbackup.runtime.BackupLock;
import io.github.embeddedbackup.runtime.BackupSchedule;
import io.github.embeddedbackup.runtime.BackupService;
import io.github.embeddedbackup.runtime.RunMarker;
import io.github.embeddedbackup.core.drill.DrillRecord;
import io.github.embeddedbackup.core.drill.DrillRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
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

    private final @Nullable BackupService backups;

    public BackupDrillScheduler(BackupDrillService drills, BackupProperties properties) {
        this(drills, properties, null);
    }

    /** @param backups whose lock elects one instance to drill when several share the storage, or null for no lock */
    public BackupDrillScheduler(BackupDrillService drills, BackupProperties properties, @Nullable BackupService backups) {
        this.drills = drills;
        this.properties = properties;
        this.backups = backups;
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

    /**
     * Drills the latest backup and waits for the drill, so ticks never pile up. When instances share the
     * storage, the one that gets the backup lock drills (holding it, so no backup starts elsewhere meanwhile)
     * and the others skip the tick; a drill of the latest backup recorded moments ago is not repeated.
     */
    void drillLatest() {
        BackupLock lock = backups == null ? BackupLock.NONE : backups.lock();
        try {
            Optional<BackupLock.Lease> lease = lock.tryAcquire();
            if (lease.isEmpty()) {
                logger.info("Scheduled drill left to another instance: it holds the backup lock ({}).", lock.describe());
                return;
            }
            RunMarker marker = lock.shared() && backups != null ? new RunMarker(backups.repository().storage()) : null;
            try (BackupLock.Lease held = lease.get()) {
                if (marker != null && drilledMomentsAgo(backups)) {
                    logger.info("Scheduled drill skipped: another instance has just drilled the latest backup.");
                    return;
                }
                if (marker != null) {
                    marker.write("scheduled restore drill", Instant.now()); // so that a 409 elsewhere says what runs where
                }
                try {
                    drills.drill("latest", "schedule").completion().get();
                } finally {
                    if (marker != null) {
                        marker.clear();
                    }
                }
            }
        } catch (BackupAlreadyRunningException e) {
            logger.info("Scheduled drill skipped: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | java.util.concurrent.ExecutionException e) {
            // No backup yet, an unreadable storage: said here, the next tick tries again.
            logger.warn("Scheduled drill could not start: {}", e.getMessage());
        }
    }

    /** Whether the latest backup has a drill record from the last minutes (less than half the cron's interval). */
    private boolean drilledMomentsAgo(BackupService service) {
        String latest = service.repository().resolve("latest").manifest().id();
        Duration recent = Crons.interval(properties.drill().cron(), properties.effectiveZone(), Instant.now()).dividedBy(2);
        Instant since = Instant.now().minus(recent.compareTo(Duration.ofMinutes(10)) < 0 ? recent : Duration.ofMinutes(10));
        return new DrillRecords(service.repository().storage()).lastDrill(latest).map(DrillRecord::drilledAt)
                .filter(at -> at.isAfter(since)).isPresent();
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
