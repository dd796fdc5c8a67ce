package io.github.embeddedbackup.runtime;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.BackupDestination;
import io.github.embeddedbackup.core.BackupException;
import io.github.embeddedbackup.core.BackupOptions;
import io.github.embeddedbackup.core.BackupProgressListener;
import io.github.embeddedbackup.core.crypto.DecryptionKeys;
import io.github.embeddedbackup.core.drill.DrillResult;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.plan.BackupPlan;
import io.github.embeddedbackup.core.plan.PlanRunner;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.retention.RetentionPolicy;
import io.github.embeddedbackup.core.source.BackupSource;
import io.github.embeddedbackup.core.verify.BackupVerifier;
import io.github.embeddedbackup.core.verify.VerificationReport;
import io.github.embeddedbackup.core.verify.VerifyLevel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backup jobs of a {@link BackupPlan}, run on the {@link JobRunner}: a trigger while a backup runs joins
 * the running job instead of starting a second one. Records each outcome in the {@link BackupHistory},
 * applies retention after each success, and tells {@link BackupRunListener}s.
 */
public class BackupService {

    private static final Logger logger = LoggerFactory.getLogger(BackupService.class);
    /** Why nothing is backed up: the application's DataSource cannot be, and no other source is configured. */
    public static final String NO_SOURCES = "There is nothing to back up: no source is configured (the application's DataSource "
            + "is backed up only when it is PostgreSQL or SQLite). Set backup.sources.<name>.url or backup.sources.<name>.path.";

    private final BackupPlan plan;
    private final PlanRunner planRunner;
    private final JobRunner jobs;
    private final BackupHistory history;
    private final List<BackupRunListener> listeners;
    private final Clock clock;
    private final BackupLock lock;
    private final RunMarker marker;

    /** One destination, the primary; a job runner and a history of its own. */
    public BackupService(BackupRepository repository, List<BackupSource> sources, BackupOptions options,
            @Nullable RetentionPolicy retention, List<BackupRunListener> listeners, Clock clock) {
        this(new BackupPlan(sources, List.of(new BackupPlan.Destination(new BackupDestination("primary", repository, true), retention)),
                options, Map.of()), listeners, clock);
    }

    /** Runs backups of {@code plan} on a job runner and a history of its own. */
    public BackupService(BackupPlan plan, List<BackupRunListener> listeners, Clock clock) {
        this(plan, new JobRunner(), new BackupHistory(plan.repository(), clock), listeners, clock);
    }

    /**
     * Runs backups of {@code plan}: its first destination is the primary (what the history describes).
     *
     * @param jobs where the backups run, one job at a time with restores
     * @param history of the primary destination: told each outcome
     */
    public BackupService(BackupPlan plan, JobRunner jobs, BackupHistory history, List<BackupRunListener> listeners, Clock clock) {
        this(plan, jobs, history, listeners, clock, BackupLock.NONE);
    }

    /**
     * Runs backups of {@code plan}, each holding {@code lock}, so that instances sharing the storage back up one at a time.
     *
     * @param lock taken by every backup but a restore's safety backup; {@link BackupLock#NONE} for a single instance
     */
    public BackupService(BackupPlan plan, JobRunner jobs, BackupHistory history, List<BackupRunListener> listeners, Clock clock,
            BackupLock lock) {
        this.lock = lock;
        this.marker = new RunMarker(plan.repository().storage());
        this.plan = plan;
        this.planRunner = new PlanRunner(plan);
        this.jobs = jobs;
        this.history = history;
        this.listeners = List.copyOf(listeners);
        this.clock = clock;
    }

    /** Starts a backup of every source, or returns the one already running. */
    public BackupJob trigger(String trigger) {
        return trigger(trigger, List.of(), Map.of());
    }

    /**
     * Starts a backup, or returns the running one when it covers the same sources.
     *
     * @param sourceNames the sources to back up; empty for all
     * @param labels extra labels for the manifest ({@code trigger} is set by the service)
     * @throws BackupAlreadyRunningException when a backup of other sources, or a restore, is running
     * @throws BackupConfigurationException when a source name is unknown
     */
    public BackupJob trigger(String trigger, List<String> sourceNames, Map<String, String> labels) {
        return trigger(trigger, sourceNames, labels, 1, 1);
    }

    /**
     * Starts attempt {@code attempt} of at most {@code maxAttempts} of a backup of every source, or joins
     * the running one: only the failure of the last attempt is reported as {@code backup-failed}.
     */
    public BackupJob trigger(String trigger, int attempt, int maxAttempts) {
        return trigger(trigger, List.of(), Map.of(), attempt, maxAttempts);
    }

    private BackupJob trigger(String trigger, List<String> sourceNames, Map<String, String> labels, int attempt, int maxAttempts) {
        List<BackupSource> sources = plan.sources();
        if (sources.isEmpty()) {
            throw new BackupConfigurationException(NO_SOURCES);
        }
        List<String> known = sources.stream().map(BackupSource::name).toList();
        for (String name : sourceNames) {
            if (!known.contains(name)) {
                throw new BackupConfigurationException("There is no source named '" + name + "'. The sources of this application are: "
                        + String.join(", ", known) + ".");
            }
        }
        List<String> wanted = sourceNames.isEmpty() || sourceNames.containsAll(known) ? List.of() : List.copyOf(new LinkedHashSet<>(sourceNames));
        if (labels.containsKey(BackupSchedule.LABEL)) {
            // A manual backup labelled schedule=hourly would count as that schedule's slot and fall under its retention.
            throw new BackupConfigurationException("The label '" + BackupSchedule.LABEL + "' is reserved: the scheduler sets it on the "
                    + "backups of each schedule. Use another label name (e.g. reason).");
        }
        Map<String, String> allLabels = new LinkedHashMap<>(labels);
        allLabels.put("trigger", trigger);
        List<BackupSource> chosen = wanted.isEmpty() ? sources : sources.stream().filter(source -> wanted.contains(source.name())).toList();
        BackupJob job = new BackupJob(BackupJob.Type.BACKUP, trigger, wanted, clock.instant());
        job.attempts(attempt, maxAttempts);
        BackupJob current = jobs.running();
        if (current != null) {
            // This instance holds the lock for it: join it or say why not, without asking the lock.
            return join(current, wanted, trigger);
        }
        BackupLock.Lease lease = lock.tryAcquire().orElseThrow(() -> new BackupRunningElsewhereException(marker.read(), lock.describe()));
        return submitHolding(lease, job, running -> execute(running, chosen, allLabels, true, BackupProgressListener.NONE, List.of()),
                busy -> join(busy, wanted, trigger));
    }

    /**
     * Starts attempt {@code attempt} of a backup of {@code schedule}, holding {@code lease} (taken by the
     * caller, which waited for it) until the backup and its retention have ended. Never joins another job.
     *
     * @throws BackupAlreadyRunningException when a job runs in this instance; the lease is released then
     */
    public BackupJob startScheduled(BackupSchedule schedule, String trigger, BackupLock.Lease lease, int attempt, int maxAttempts) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("trigger", trigger);
        labels.putAll(schedule.labels());
        List<BackupSource> chosen = plan.sources(schedule.sources());
        if (chosen.isEmpty()) {
            lease.close();
            throw new BackupConfigurationException(NO_SOURCES);
        }
        BackupJob job = new BackupJob(BackupJob.Type.BACKUP, trigger, schedule.sources(), clock.instant());
        job.attempts(attempt, maxAttempts);
        job.schedule(schedule.name());
        return submitHolding(lease, job, running -> execute(running, chosen, labels, true, BackupProgressListener.NONE,
                schedule.destinations()), busy -> {
                    throw new BackupAlreadyRunningException(busy, "A job runs (" + busy.id() + ")");
                });
    }

    /** Submits {@code job}, which releases {@code lease} when it ends; releases it at once when the job is not started. */
    private BackupJob submitHolding(BackupLock.Lease lease, BackupJob job, Consumer<BackupJob> work, UnaryOperator<BackupJob> whenBusy) {
        boolean[] started = {false};
        try {
            BackupJob submitted = jobs.submit(job, running -> {
                if (lock.shared()) {
                    marker.write("backup job " + running.id() + (running.schedule() == null ? "" : " of schedule " + running.schedule()),
                            running.startedAt());
                }
                try {
                    work.accept(running);
                } finally {
                    if (lock.shared()) {
                        marker.clear();
                    }
                    lease.close();
                }
            }, busy -> whenBusy.apply(busy));
            started[0] = submitted == job;
            return submitted;
        } finally {
            if (!started[0]) {
                lease.close();
            }
        }
    }

    /** The lock every backup holds while it runs. */
    public BackupLock lock() {
        return lock;
    }

    /** The running job when the new backup can join it; otherwise why it cannot start. */
    private static BackupJob join(BackupJob current, List<String> wanted, String trigger) {
        if (current.type() != BackupJob.Type.BACKUP) {
            String what = current.type() == BackupJob.Type.DRILL ? "drill" : "restore";
            throw new BackupAlreadyRunningException(current, "A " + what + " is running (job " + current.id() + "). Backups, restores and "
                    + "drills run one at a time: this backup can start when the " + what + " has ended.");
        }
        boolean covered = current.sources().isEmpty() || (!wanted.isEmpty() && current.sources().containsAll(wanted));
        if (!covered) {
            throw new BackupAlreadyRunningException(current);
        }
        logger.info("Backup already running; joining it. job: {}, trigger: {}", current.id(), trigger);
        return current;
    }

    /**
     * Backs up {@code source} to every destination before a restore replaces it, on the calling (worker)
     * thread, as a job of its own: listeners, metrics and events see it like any backup. Retention is not
     * applied: it must never remove the backup that is about to be restored.
     *
     * @return the new backup's id
     * @throws BackupException when the safety backup failed (the restore must not go on)
     */
    String safetyBackup(BackupSource source, Map<String, String> labels, BackupJob restore) {
        BackupJob job = new BackupJob(BackupJob.Type.BACKUP, "safety-backup", List.of(source.name()), clock.instant());
        jobs.record(job);
        Map<String, String> allLabels = new LinkedHashMap<>(labels);
        allLabels.put("trigger", "safety-backup");
        try {
            execute(job, List.of(source), allLabels, false, restore::progress, List.of());
        } finally {
            job.complete();
        }
        if (job.state() != BackupJob.State.SUCCEEDED || job.backupId() == null) {
            throw new BackupException("The safety backup of the target failed, so the restore did not start: " + job.error());
        }
        return job.backupId();
    }

    /** @param destinations where the backup goes; empty for every destination */
    private void execute(BackupJob job, List<BackupSource> chosen, Map<String, String> labels, boolean applyRetention,
            BackupProgressListener alsoTell, List<String> destinations) {
        Instant started = clock.instant();
        notify(listener -> listener.onStarted(job));
        try {
            Manifest manifest = planRunner.backup(chosen, labels, new BackupProgressListener() {
                @Override
                public void onProgress(String source, long plain, long stored) {
                    if (jobs.aborting()) {
                        throw new CancellationException("the application is shutting down");
                    }
                    job.progress(source, plain, stored);
                    alsoTell.onProgress(source, plain, stored);
                }

                @Override
                public void onDestinationLeftOut(String destination, String reason) {
                    BackupService.this.notify(listener -> listener.onDestinationLeftOut(job, destination, reason));
                }
            }, destinations);
            if (jobs.aborting()) {
                // Finished after shutdown aborted it: as promised, an aborted backup is not kept.
                discard(manifest, destinations);
                throw new CancellationException("the application is shutting down");
            }
            Instant finished = clock.instant();
            if (destinations.isEmpty() || destinations.contains(plan.destinations().get(0).name())) {
                history.succeeded(manifest); // the history describes the primary destination only
            }
            if (applyRetention) {
                job.stage("retention");
                applyRetention(destinations);
            }
            job.succeeded(manifest.id(), manifest.plainSize(), manifest.archive().size(), finished);
            notify(listener -> listener.onSucceeded(job, manifest, Duration.between(started, finished)));
        } catch (Throwable e) {
            // Every job ends with a status, even on an Error (NoSuchMethodError, OutOfMemoryError): a job left
            // "running" would make every later trigger join it.
            Instant finished = clock.instant();
            String message = jobs.aborting() || e instanceof CancellationException
                    ? "Backup aborted: the application shut down while it ran. Nothing of it was stored."
                    : e instanceof Error ? internalError("Backup", e) : StarterMessages.of(e);
            history.failed(finished, message);
            job.failed(message, finished);
            if (e instanceof Error) {
                logger.error("Backup failed. job: {}, trigger: {}, error: {}", job.id(), job.trigger(), message, e);
            } else {
                logger.error("Backup failed. job: {}, trigger: {}, error: {}", job.id(), job.trigger(), message);
                logger.debug("Backup failure", e);
            }
            Exception failure = e instanceof Exception exception ? exception : new BackupException(message, e);
            notify(listener -> listener.onFailed(job, failure, Duration.between(started, finished)));
            if (e instanceof VirtualMachineError fatal) {
                throw fatal; // recorded; the JVM's own handling (e.g. -XX:+ExitOnOutOfMemoryError) still applies
            }
        }
    }

    private void discard(Manifest manifest, List<String> destinations) {
        for (BackupPlan.Destination destination : plan.destinations(destinations)) {
            try {
                BackupRepository target = destination.destination().repository();
                target.delete(target.get(manifest.id()));
            } catch (RuntimeException e) {
                logger.warn("Could not remove aborted backup {} from destination '{}': {}", manifest.id(), destination.destination().name(),
                        e.getMessage());
            }
        }
    }

    /** What a user reads when a job stopped on a {@link Error}: the error's class and message, and what to do. */
    static String internalError(String what, Throwable error) {
        return what + " stopped on an internal error: " + error.getClass().getName()
                + (error.getMessage() == null ? "" : ": " + error.getMessage()) + ". Nothing of it was stored. "
                + (error instanceof LinkageError ? "A library on the classpath has a version the starter does not support; check the "
                        + "application's dependency versions (mvn dependency:tree)." : "See the application log for the stack trace.");
    }

    /** Each destination by its own policy. */
    private void applyRetention(List<String> destinations) {
        for (PlanRunner.RetentionOutcome outcome : planRunner.applyRetention(clock.instant(), destinations)) {
            if (outcome.result() != null) {
                notify(listener -> listener.onRetentionApplied(outcome.result().plan().delete().size(), outcome.result().plan().keep().size()));
                history.backupsChanged();
            } else {
                // The new backup is good; a failed clean-up only means more is kept for now.
                logger.warn("Retention failed in destination '{}'; the new backup is complete, older ones were kept. error: {}",
                        outcome.destination(), outcome.failure() == null ? null : outcome.failure().getMessage());
            }
        }
    }

    /**
     * Verifies a backup of the primary destination and tells the listeners the outcome (a failed
     * verification is alerted like a failed backup).
     *
     * @param who who asked for it, or null
     */
    public VerificationReport verify(Manifest manifest, VerifyLevel level, @Nullable String who) {
        try {
            VerificationReport report = new BackupVerifier(plan.repository(), decryptionKeys()).verify(manifest, level);
            notify(listener -> listener.onVerified(manifest.id(), report, null, who));
            return report;
        } catch (RuntimeException e) {
            notify(listener -> listener.onVerified(manifest.id(), null, StarterMessages.of(e), who));
            throw e;
        }
    }

    /** Tells the listeners that a restore ended (the restore service runs on this service's job runner). */
    void restoreFinished(BackupJob restore) {
        notify(listener -> listener.onRestoreFinished(restore));
    }

    /** Tells the listeners that a drill ended (the drill service runs on this service's job runner). */
    void drillFinished(BackupJob drill, @Nullable DrillResult result) {
        notify(listener -> listener.onDrillFinished(drill, result));
    }

    private void notify(Consumer<BackupRunListener> call) {
        for (BackupRunListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException | LinkageError e) {
                logger.warn("Backup listener {} failed: {}", listener.getClass().getName(), e.toString());
            }
        }
    }

    /** Where the backups run, with the recent jobs. */
    public JobRunner jobs() {
        return jobs;
    }

    /** What is known of past backups in the primary storage. */
    public BackupHistory history() {
        return history;
    }

    /** What each backup covers and where it goes. */
    public BackupPlan plan() {
        return plan;
    }

    /** Every destination, the primary first. */
    public List<BackupPlan.Destination> destinations() {
        return plan.destinations();
    }

    /** The primary destination's repository. */
    public BackupRepository repository() {
        return plan.repository();
    }

    public List<BackupSource> sources() {
        return plan.sources();
    }

    /** The options new backups are written with (compression, encryption). */
    public BackupOptions options() {
        return plan.options();
    }

    /** The keys that can read what this service writes (none when it encrypts to public keys only). */
    public DecryptionKeys decryptionKeys() {
        return DecryptionKeys.from(plan.options().encryption());
    }
}
