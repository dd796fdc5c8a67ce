package io.github.embeddedbackup.autoconfigure;

import io.github.embeddedbackup.autoconfigure.properties.BackupProperties;

import io.github.embeddedbackup.runtime.BackupJob;
import io.github.embeddedbackup.runtime.BackupService;
import io.github.embeddedbackup.runtime.JobRunner;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.scheduling.support.CronTrigger;

/**
 * Triggers scheduled backups on a private scheduler thread (never the application's scheduler, never
 * {@code @EnableScheduling}). At start-up it runs a catch-up backup when the last scheduled run was
 * missed; a failed scheduled backup is retried with exponential backoff; at shutdown a running backup
 * gets {@code backup.shutdown-timeout} to finish before it is aborted ({@link JobRunner#shutdown}).
 */
public class BackupScheduler implements SmartLifecycle {

    private static final Logger logger = LoggerFactory.getLogger(BackupScheduler.class);

    private final BackupService service;
    private final BackupProperties properties;
    private volatile @Nullable ThreadPoolTaskScheduler scheduler;
    private volatile boolean running;

    public BackupScheduler(BackupService service, BackupProperties properties) {
        this.service = service;
        this.properties = properties;
    }

    @Override
    public void start() {
        running = true;
        if (service.sources().isEmpty()) {
            // Said at start-up (BackupAutoConfiguration): a scheduled or catch-up backup could only fail.
            logger.info("No backup is scheduled: there is no source to back up.");
            return;
        }
        if (properties.schedule().isEmpty()) {
            logger.info("No backup schedule (backup.schedule is empty): backups run only when triggered.");
            return;
        }
        ThreadPoolTaskScheduler taskScheduler = privateScheduler("backup-scheduler-");
        scheduler = taskScheduler;
        taskScheduler.schedule(() -> runWithRetries("schedule"), new CronTrigger(properties.schedule(), properties.effectiveZone()));
        logger.info("Backups scheduled. schedule: {}, zone: {}, next: {}", properties.schedule(), properties.effectiveZone(), nextRun());
        String catchUp = properties.catchUp() ? catchUpReason() : null;
        if (catchUp != null) {
            logger.info("{}; backing up now (backup.catch-up=false turns this off).", catchUp);
            taskScheduler.schedule(() -> runWithRetries("catch-up"), Instant.now().plusSeconds(1));
        }
    }

    /** One daemon thread of the starter's own, never the application's scheduler. */
    static ThreadPoolTaskScheduler privateScheduler(String threadNamePrefix) {
        ThreadPoolTaskScheduler taskScheduler = new ThreadPoolTaskScheduler();
        taskScheduler.setPoolSize(1);
        taskScheduler.setThreadNamePrefix(threadNamePrefix);
        taskScheduler.setDaemon(true);
        taskScheduler.initialize();
        return taskScheduler;
    }

    /** Runs one backup, retrying a failure after 1×, 2×, 4×… the initial backoff, up to the attempts allowed. */
    void runWithRetries(String trigger) {
        Duration backoff = properties.retry().initialBackoff();
        for (int attempt = 1; attempt <= properties.retry().maxAttempts() && running; attempt++) {
            BackupJob job = service.trigger(attempt == 1 ? trigger : trigger + "-retry-" + attempt, attempt, properties.retry().maxAttempts());
            try {
                job.completion().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                return;
            }
            if (job.state() == BackupJob.State.SUCCEEDED || attempt == properties.retry().maxAttempts()) {
                return;
            }
            logger.warn("Scheduled backup failed (attempt {} of {}); retrying in {}. error: {}", attempt,
                    properties.retry().maxAttempts(), backoff, job.error());
            try {
                Thread.sleep(backoff.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            backoff = backoff.multipliedBy(2);
        }
    }

    /** Whether a scheduled run should have happened after the newest backup (or there is no backup at all). */
    boolean missedARun() {
        return catchUpReason() != null;
    }

    /** Why a catch-up backup is due now, or null: a run was missed, or there is no backup at all. */
    protected @Nullable String catchUpReason() {
        ZoneId zone = properties.effectiveZone();
        CronExpression cron = CronExpression.parse(properties.schedule());
        Instant last = service.history().lastSuccess();
        if (last == null) {
            // A fresh installation has missed nothing; an old one without any backup (a crash loop, all deleted) has.
            ZonedDateTime due = cron.next(service.history().firstStart().atZone(zone));
            return due != null && due.toInstant().isBefore(Instant.now())
                    ? "There is no backup although a scheduled one was due at " + due.toInstant() + " (the last scheduled backup was missed)"
                    : "There is no backup yet";
        }
        ZonedDateTime next = cron.next(last.atZone(zone));
        return next != null && next.toInstant().isBefore(Instant.now())
                ? "The last scheduled backup was missed (due at " + next.toInstant() + ")" : null;
    }

    /** The next scheduled run, or null without a schedule. */
    public @Nullable Instant nextRun() {
        if (properties.schedule().isEmpty() || service.sources().isEmpty()) {
            return null;
        }
        ZonedDateTime next = CronExpression.parse(properties.schedule()).next(ZonedDateTime.now(properties.effectiveZone()));
        return next == null ? null : next.toInstant();
    }

    @Override
    public void stop() {
        running = false;
        ThreadPoolTaskScheduler taskScheduler = scheduler;
        if (taskScheduler != null) {
            taskScheduler.shutdown();
        }
        service.jobs().shutdown(properties.shutdownTimeout());
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the web server and the DataSource go away, so a running backup can finish. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }

}
