package io.github.embeddedbackup.autoconfigure;

import io.github.embeddedbackup.autoconfigure.properties.BackupProperties;

import io.github.embeddedbackup.core.plan.BackupPlan;
import io.github.embeddedbackup.runtime.BackupAlreadyRunningException;
import io.github.embeddedbackup.runtime.BackupHistory;
import io.github.embeddedbackup.runtime.BackupJob;
import io.github.embeddedbackup.runtime.BackupLock;
import io.github.embeddedbackup.runtime.BackupSchedule;
import io.github.embeddedbackup.runtime.BackupService;
import io.github.embeddedbackup.runtime.JobRunner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Triggers the backups of each schedule on private scheduler threads (never the application's scheduler,
 * never {@code @EnableScheduling}). Per schedule: at start-up a catch-up backup when its last run was missed;
 * a failed run retried with exponential backoff; its own last outcome for health. Every run first takes the
 * service's {@link BackupLock}, and when instances share it, looks again at the storage: a slot another
 * instance has already backed up is not backed up twice. At shutdown a running backup gets
 * {@code backup.shutdown-timeout} to finish before it is aborted ({@link JobRunner#shutdown}).
 */
public class BackupScheduler implements SmartLifecycle {

    private static final Logger logger = LoggerFactory.getLogger(BackupScheduler.class);

    private final BackupService service;
    private final List<BackupSchedule> schedules;
    private final Settings settings;
    private final Clock clock;
    private final Map<String, BackupHistory> histories = new ConcurrentHashMap<>();
    private final Map<String, ScheduleStatus> outcomes = new ConcurrentHashMap<>();
    private volatile @Nullable ThreadPoolTaskScheduler scheduler;
    private volatile boolean running;
    /** When the slots began to be scheduled: a slot due later is its slot thread's to back up, never a catch-up's. */
    private volatile @Nullable Instant startedAt;
    /** How often a run waiting for another instance (or another schedule) asks the lock again. */
    volatile Duration lockPoll = Duration.ofSeconds(1);

    /**
     * How every schedule runs.
     *
     * @param catchUp back up at start-up when a schedule's last run was missed
     * @param maxAttempts attempts of a run, the first included
     * @param initialBackoff wait before the first retry; doubled for each further one
     * @param shutdownTimeout how long shutdown waits for a running backup
     */
    public record Settings(boolean catchUp, int maxAttempts, Duration initialBackoff, Duration shutdownTimeout) {

        static Settings of(BackupProperties properties) {
            return new Settings(properties.catchUp(), properties.retry().maxAttempts(), properties.retry().initialBackoff(),
                    properties.shutdownTimeout());
        }
    }

    /** The schedule {@code backup.schedule} only (named {@value BackupSchedule#DEFAULT}), as before schedules had names. */
    public BackupScheduler(BackupService service, BackupProperties properties) {
        this(service, properties.schedule().isEmpty() ? List.of() : List.of(new BackupSchedule(BackupSchedule.DEFAULT, properties.schedule(),
                properties.effectiveZone(), List.of(), List.of(), properties.health().maxAge())), Settings.of(properties), Clock.systemUTC());
    }

    public BackupScheduler(BackupService service, List<BackupSchedule> schedules, Settings settings, Clock clock) {
        this.service = service;
        this.schedules = List.copyOf(schedules);
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void start() {
        running = true;
        if (service.sources().isEmpty()) {
            // Said at start-up (BackupAutoConfiguration): a scheduled or catch-up backup could only fail.
            logger.info("No backup is scheduled: there is no source to back up.");
            return;
        }
        if (schedules.isEmpty()) {
            logger.info("No backup schedule (backup.schedule is empty, no backup.schedules): backups run only when triggered.");
            return;
        }
        // Two threads per schedule (its slots, its catch-up): a run waiting for the lock or for another schedule's backup holds up no other schedule.
        ThreadPoolTaskScheduler taskScheduler = privateScheduler("backup-scheduler-", 2 * schedules.size());
        scheduler = taskScheduler;
        Instant now = clock.instant();
        startedAt = now;
        for (BackupSchedule schedule : schedules) {
            scheduleNext(taskScheduler, schedule, now);
            logger.info("Backups scheduled. schedule: {}, cron: {}, zone: {}, sources: {}, destinations: {}, next: {}", schedule.name(),
                    schedule.cron(), schedule.zone(), all(schedule.sources()), all(schedule.destinations()), nextRun(schedule));
            if (settings.catchUp()) {
                taskScheduler.schedule(() -> catchUp(schedule), clock.instant().plusSeconds(1));
            }
        }
        if (service.lock().shared()) {
            logger.info("Scheduled backups run in one instance at a time: {}.", service.lock().describe());
        }
    }

    private static String all(List<String> names) {
        return names.isEmpty() ? "all" : String.join(", ", names);
    }

    /** One daemon thread of the starter's own, never the application's scheduler. */
    static ThreadPoolTaskScheduler privateScheduler(String threadNamePrefix) {
        return privateScheduler(threadNamePrefix, 1);
    }

    private static ThreadPoolTaskScheduler privateScheduler(String threadNamePrefix, int threads) {
        ThreadPoolTaskScheduler taskScheduler = new ThreadPoolTaskScheduler();
        taskScheduler.setPoolSize(threads);
        taskScheduler.setThreadNamePrefix(threadNamePrefix);
        taskScheduler.setDaemon(true);
        taskScheduler.initialize();
        return taskScheduler;
    }

    /** Schedules the slot after {@code after}; each slot knows its own time, which tells replicas whether it was backed up. */
    private void scheduleNext(ThreadPoolTaskScheduler taskScheduler, BackupSchedule schedule, Instant after) {
        Instant slot = nextSlot(schedule, after, clock.instant());
        if (slot == null || !running) {
            return;
        }
        taskScheduler.schedule(() -> {
            try {
                runSlot(schedule, slot);
            } finally {
                scheduleNext(taskScheduler, schedule, slot);
            }
        }, slot);
    }

    /**
     * The slot after {@code after}. When that is already due (the run before it, or the wait for another
     * instance, outlasted it), the latest slot due by {@code now}, to run at once: a slot given up for the
     * next one is backed up, late, once — not once per slot that passed.
     */
    static @Nullable Instant nextSlot(BackupSchedule schedule, Instant after, Instant now) {
        java.util.function.UnaryOperator<@Nullable Instant> following = Crons.following(schedule); // parsed once for the loop
        Instant next = following.apply(after);
        if (next == null || next.isAfter(now)) {
            return next;
        }
        Instant latestDue = next;
        for (Instant candidate = following.apply(next); candidate != null && !candidate.isAfter(now); candidate = following.apply(candidate)) {
            latestDue = candidate;
        }
        return latestDue;
    }

    /** Runs the slot {@code slot} of {@code schedule} unless another instance has backed it up. */
    void runSlot(BackupSchedule schedule, Instant slot) {
        runWithRetries(schedule, "schedule", history -> {
            Instant last = history.lastSuccess(schedule);
            return last != null && !last.isBefore(slot) ? "this slot was backed up at " + last + " (by another instance)" : null;
        }, Crons.nextAfter(schedule, slot));
    }

    /** Runs a catch-up backup of {@code schedule} when, after taking the lock, its last run still looks missed. */
    void catchUp(BackupSchedule schedule) {
        java.util.concurrent.atomic.AtomicBoolean told = new java.util.concurrent.atomic.AtomicBoolean(); // asked again after each wait
        Instant started = startedAt;
        Instant missedBefore = started == null ? clock.instant() : started;
        runWithRetries(schedule, "catch-up", history -> {
            String reason = catchUpReason(schedule, history, missedBefore);
            if (reason != null && told.compareAndSet(false, true)) {
                logger.info("Schedule '{}': {}; backing up now (backup.catch-up=false turns this off).", schedule.name(), reason);
            }
            return reason == null ? "no catch-up is needed: no slot due before this instance started was missed" : null;
        }, Crons.nextAfter(schedule, clock.instant()));
    }

    /** Runs one backup of the default schedule now, with retries, as its slot would (for tests and a first run). */
    void runWithRetries(String trigger) {
        runWithRetries(schedules.get(0), trigger, history -> null, null);
    }

    /**
     * Runs a backup of {@code schedule}, retrying a failure after 1×, 2×, 4×… the initial backoff, up to the
     * attempts allowed. Each attempt first takes the lock; then, when instances share it, {@code done} is
     * asked with the storage listed anew: a reason means the backup is not needed (another instance made it).
     *
     * @param giveUpAt stop waiting for the lock when the schedule's next slot comes (that slot backs up instead); null: wait
     */
    private void runWithRetries(BackupSchedule schedule, String trigger, java.util.function.Function<BackupHistory, @Nullable String> done,
            @Nullable Instant giveUpAt) {
        Duration backoff = settings.initialBackoff();
        for (int attempt = 1; attempt <= settings.maxAttempts() && running; attempt++) {
            BackupJob job;
            try {
                Optional<BackupJob> started = start(schedule, attempt == 1 ? trigger : trigger + "-retry-" + attempt, attempt, done, giveUpAt);
                if (started.isEmpty()) {
                    return; // not needed any more
                }
                job = started.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The lock's store (the database) cannot be reached, or the plan cannot run: the slot fails like a backup.
                logger.error("Scheduled backup of schedule '{}' could not start: {}", schedule.name(), e.getMessage());
                outcome(schedule).failed(clock.instant(), "could not start: " + e.getMessage());
                job = null;
            }
            if (job != null) {
                try {
                    job.completion().get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (ExecutionException e) {
                    return;
                }
                if (job.state() == BackupJob.State.SUCCEEDED) {
                    outcome(schedule).succeeded(clock.instant());
                    history(schedule).backupsChanged(); // a mirror's history is not told by the service: list it again
                    return;
                }
                outcome(schedule).failed(clock.instant(), String.valueOf(job.error()));
            }
            if (attempt == settings.maxAttempts()) {
                return;
            }
            logger.warn("Scheduled backup of schedule '{}' failed (attempt {} of {}); retrying in {}. error: {}", schedule.name(), attempt,
                    settings.maxAttempts(), backoff, job == null ? outcome(schedule).lastError : job.error());
            try {
                Thread.sleep(backoff.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            backoff = backoff.multipliedBy(2);
        }
    }

    /**
     * Waits until this instance is idle and holds the lock, then starts the backup; empty when it is not
     * needed any more (done elsewhere, or the next slot came first, or the application stops).
     */
    private Optional<BackupJob> start(BackupSchedule schedule, String trigger, int attempt,
            java.util.function.Function<BackupHistory, @Nullable String> done, @Nullable Instant giveUpAt) throws InterruptedException {
        BackupLock lock = service.lock();
        boolean toldWaiting = false;
        while (running) {
            if (giveUpAt != null && !clock.instant().isBefore(giveUpAt)) {
                logger.warn("Schedule '{}': the backup could not start before its next slot ({}); that slot backs up instead.", schedule.name(),
                        giveUpAt);
                return Optional.empty();
            }
            BackupJob busy = service.jobs().running();
            if (busy != null) {
                waitFor(busy);
                continue;
            }
            Optional<BackupLock.Lease> lease = lock.tryAcquire();
            if (lease.isEmpty()) {
                if (!toldWaiting) {
                    logger.info("Schedule '{}': another instance is backing up ({}); waiting for it.", schedule.name(), lock.describe());
                    toldWaiting = true;
                }
                Thread.sleep(lockPoll.toMillis());
                continue;
            }
            if (lock.shared()) {
                BackupHistory history = history(schedule);
                history.refresh();
                String notNeeded = done.apply(history);
                if (notNeeded != null) {
                    lease.get().close();
                    logger.info("Schedule '{}': not backing up, {}.", schedule.name(), notNeeded);
                    return Optional.empty();
                }
            } else if (attempt == 1 && "catch-up".equals(trigger) && done.apply(history(schedule)) != null) {
                lease.get().close();
                return Optional.empty();
            }
            try {
                return Optional.of(service.startScheduled(schedule, trigger, lease.get(), attempt, settings.maxAttempts()));
            } catch (BackupAlreadyRunningException e) {
                waitFor(e.running()); // started by the API between the check and the start; the lease was released
            }
        }
        return Optional.empty();
    }

    private static void waitFor(BackupJob job) throws InterruptedException {
        try {
            job.completion().get();
        } catch (ExecutionException e) {
            // Ended; how does not matter here.
        }
    }

    /** The history of the storage where the schedule's backups are looked for: its first destination. */
    private BackupHistory history(BackupSchedule schedule) {
        BackupPlan plan = service.plan();
        BackupPlan.Destination first = plan.destinations(schedule.destinations()).get(0);
        if (first.name().equals(plan.destinations().get(0).name())) {
            return service.history();
        }
        return histories.computeIfAbsent(first.name(), name -> new BackupHistory(first.destination().repository(), clock));
    }

    private ScheduleStatus outcome(BackupSchedule schedule) {
        return outcomes.computeIfAbsent(schedule.name(), name -> new ScheduleStatus());
    }

    /** Whether a scheduled run of the first schedule should have happened after its newest backup (or there is no backup at all). */
    boolean missedARun() {
        return catchUpReason() != null;
    }

    /** Why a catch-up backup of the first schedule is due now, or null. */
    protected @Nullable String catchUpReason() {
        return schedules.isEmpty() ? null : catchUpReason(schedules.get(0), history(schedules.get(0)), clock.instant());
    }

    /**
     * Why a catch-up backup is due now, or null: a run due before {@code missedBefore} was missed, or there is no
     * backup at all. A catch-up passes {@code missedBefore} = the scheduler's start: a slot due after it is not missed
     * but run (or being waited for) by its slot thread, and a catch-up that got the lock first would back it up twice
     * in one instance, or under the catch-up's name across instances.
     */
    private @Nullable String catchUpReason(BackupSchedule schedule, BackupHistory history, Instant missedBefore) {
        Instant last = history.lastSuccess(schedule);
        if (last == null) {
            // A fresh installation has missed nothing; an old one without any backup (a crash loop, all deleted) has.
            Instant due = Crons.nextAfter(schedule, history.firstStart());
            return due != null && due.isBefore(missedBefore)
                    ? "There is no backup although a scheduled one was due at " + due + " (the last scheduled backup was missed)"
                    : "There is no backup yet";
        }
        Instant next = Crons.nextAfter(schedule, last);
        return next != null && !next.isAfter(missedBefore) ? "The last scheduled backup was missed (due at " + next + ")" : null;
    }

    /** The next scheduled run of any schedule, or null without a schedule. */
    public @Nullable Instant nextRun() {
        return service.sources().isEmpty() ? null
                : schedules.stream().map(this::nextRun).filter(Objects::nonNull).min(Comparator.naturalOrder()).orElse(null);
    }

    private @Nullable Instant nextRun(BackupSchedule schedule) {
        return Crons.nextAfter(schedule, clock.instant());
    }

    /** The schedules, in the order configured. */
    public List<BackupSchedule> schedules() {
        return schedules;
    }

    /**
     * Each schedule's state, for health and the endpoint: its newest backup in its first destination, its next
     * run, and the last failure of this instance after that backup.
     */
    public Map<String, ScheduleView> views() {
        Map<String, ScheduleView> views = new LinkedHashMap<>();
        for (BackupSchedule schedule : schedules) {
            BackupHistory history = history(schedule);
            ScheduleStatus status = outcome(schedule);
            Instant last = history.lastSuccess(schedule);
            boolean failedLast = status.lastFailure != null && (last == null || status.lastFailure.isAfter(last));
            views.put(schedule.name(), new ScheduleView(schedule, last, history.firstStart(), service.sources().isEmpty() ? null
                    : nextRun(schedule), failedLast ? status.lastFailure : null, failedLast ? status.lastError : null));
        }
        return views;
    }

    /**
     * One schedule as health and the endpoint show it.
     *
     * @param lastSuccess the start of its newest backup, or null
     * @param firstStart when the application first started against the storage (the age of "no backup yet")
     * @param lastFailure when its last run failed in this instance, when after its newest backup; else null
     */
    public record ScheduleView(BackupSchedule schedule, @Nullable Instant lastSuccess, Instant firstStart, @Nullable Instant nextRun,
            @Nullable Instant lastFailure, @Nullable String lastError) {

        /** How old its newest backup is; without one, how long since the first start. */
        public Duration age(Instant now) {
            return Duration.between(lastSuccess != null ? lastSuccess : firstStart, now);
        }
    }

    /** What this instance knows of one schedule's runs. */
    private static final class ScheduleStatus {
        volatile @Nullable Instant lastFailure;
        volatile @Nullable String lastError;

        void succeeded(Instant at) {
            lastFailure = null;
            lastError = null;
        }

        void failed(Instant at, String error) {
            lastFailure = at;
            lastError = error;
        }
    }

    @Override
    public void stop() {
        running = false;
        ThreadPoolTaskScheduler taskScheduler = scheduler;
        if (taskScheduler != null) {
            taskScheduler.shutdown();
        }
        service.jobs().shutdown(settings.shutdownTimeout());
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
