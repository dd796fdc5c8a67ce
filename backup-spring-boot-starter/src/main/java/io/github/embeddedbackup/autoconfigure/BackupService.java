package io.github.embeddedbackup.autoconfigure;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.BackupDestination;
import io.github.embeddedbackup.core.plan.BackupPlan;
import io.github.embeddedbackup.core.plan.PlanRunner;
import io.github.embeddedbackup.core.BackupException;
import io.github.embeddedbackup.core.source.ExternalProcess;
import io.github.embeddedbackup.core.BackupOptions;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.repository.BackupListing;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.repository.ResolvedBackup;
import io.github.embeddedbackup.core.retention.RetentionPolicy;
import io.github.embeddedbackup.core.source.BackupSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs backups on a worker thread of its own, one at a time: a trigger while a backup runs joins the
 * running job instead of starting a second one. Keeps the recent jobs and the last success and
 * failure for health and the endpoint, applies retention after each success, and tells
 * {@link BackupRunListener}s.
 */
public class BackupService {

    private static final Logger logger = LoggerFactory.getLogger(BackupService.class);
    private static final int RECENT_JOBS = 20;
    /** How long the newest backup read from storage is trusted before the storage is listed again. */
    static final Duration HISTORY_TTL = Duration.ofMinutes(1);
    /** How long an aborted backup may take to stop at shutdown, after {@code backup.shutdown-timeout}. */
    static final Duration ABORT_GRACE = Duration.ofSeconds(2);
    /** Why nothing is backed up: the application's DataSource cannot be, and no other source is configured. */
    public static final String NO_SOURCES = "There is nothing to back up: no source is configured (the application's DataSource "
            + "is backed up only when it is PostgreSQL or SQLite). Set backup.sources.<name>.url or backup.sources.<name>.path.";

    private final BackupPlan plan;
    private final PlanRunner runner;
    private final BackupRepository repository;
    private final List<BackupSource> sources;
    private final BackupOptions options;
    private final List<BackupRunListener> listeners;
    private final Clock clock;
    private final Instant createdAt;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "backup-worker");
        thread.setDaemon(true);
        workerThread = thread;
        return thread;
    });
    private volatile @Nullable Thread workerThread;
    private final Deque<BackupJob> jobs = new ArrayDeque<>();
    private volatile @Nullable BackupJob running;
    private volatile @Nullable Instant lastSuccess;
    private volatile @Nullable String lastBackupId;
    private volatile List<String> newestSkipped = List.of();
    private volatile @Nullable Instant lastFailure;
    private volatile @Nullable String lastError;
    private volatile boolean cancelRequested;
    /** When the storage was last listed for {@link #lastSuccess()}; null: list it at the next question. */
    private volatile @Nullable Instant historyReadAt;
    private volatile @Nullable Instant firstStart;
    private final Object historyLock = new Object();

    /** One destination, the primary. */
    public BackupService(BackupRepository repository, List<BackupSource> sources, BackupOptions options,
            @Nullable RetentionPolicy retention, List<BackupRunListener> listeners, Clock clock) {
        this(new BackupPlan(sources, List.of(new BackupPlan.Destination(new BackupDestination("primary", repository, true), retention)),
                options, Map.of()), listeners, clock);
    }

    /** Runs backups of {@code plan}: its first destination is the primary (what health and the endpoint describe). */
    public BackupService(BackupPlan plan, List<BackupRunListener> listeners, Clock clock) {
        this.plan = plan;
        this.runner = new PlanRunner(plan);
        this.repository = plan.repository();
        this.sources = plan.sources();
        this.options = plan.options();
        this.listeners = List.copyOf(listeners);
        this.clock = clock;
        this.createdAt = clock.instant();
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
     * @throws BackupAlreadyRunningException when a backup of other sources is running
     * @throws BackupConfigurationException when a source name is unknown
     */
    public synchronized BackupJob trigger(String trigger, List<String> sourceNames, Map<String, String> labels) {
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
        List<String> wanted = sourceNames.isEmpty() || sourceNames.containsAll(known) ? List.of() : List.copyOf(new java.util.LinkedHashSet<>(sourceNames));
        BackupJob current = running;
        if (current != null && current.type() != BackupJob.Type.BACKUP) {
            throw new BackupAlreadyRunningException(current, "A restore is running (job " + current.id() + "). Backups and restores "
                    + "run one at a time: this backup can start when the restore has ended.");
        }
        if (current != null) {
            boolean covered = current.sources().isEmpty() || (!wanted.isEmpty() && current.sources().containsAll(wanted));
            if (!covered) {
                throw new BackupAlreadyRunningException(current);
            }
            logger.info("Backup already running; joining it. job: {}, trigger: {}", current.id(), trigger);
            return current;
        }
        if (worker.isShutdown()) {
            throw new BackupException("The application is shutting down; no new backup is started.");
        }
        BackupJob job = new BackupJob(BackupJob.Type.BACKUP, trigger, wanted, clock.instant());
        running = job;
        remember(job);
        Map<String, String> allLabels = new java.util.LinkedHashMap<>(labels);
        allLabels.put("trigger", trigger);
        List<BackupSource> chosen = wanted.isEmpty() ? sources : sources.stream().filter(source -> wanted.contains(source.name())).toList();
        worker.execute(() -> {
            try {
                execute(job, chosen, allLabels, true);
            } finally {
                finishRun(job);
            }
        });
        return job;
    }

    /**
     * Runs another kind of job (a restore) as the one job of this service, on its worker: no backup
     * starts while it runs, and it does not start while a backup runs.
     *
     * @throws BackupAlreadyRunningException when a job runs
     */
    synchronized BackupJob submit(BackupJob job, java.util.function.Consumer<BackupJob> work) {
        BackupJob current = running;
        if (current != null) {
            throw new BackupAlreadyRunningException(current, (current.type() == BackupJob.Type.BACKUP ? "A backup" : "A restore")
                    + " is running (job " + current.id() + "). Backups and restores run one at a time: follow that job, then start this one.");
        }
        if (worker.isShutdown()) {
            throw new BackupException("The application is shutting down; no new job is started.");
        }
        running = job;
        remember(job);
        worker.execute(() -> {
            try {
                work.accept(job);
            } finally {
                finishRun(job);
            }
        });
        return job;
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
        synchronized (this) {
            remember(job);
        }
        Map<String, String> allLabels = new java.util.LinkedHashMap<>(labels);
        allLabels.put("trigger", "safety-backup");
        try {
            execute(job, List.of(source), allLabels, false, (name, plain, stored) -> restore.progress(name, plain, stored));
        } finally {
            job.complete();
        }
        if (job.state() != BackupJob.State.SUCCEEDED || job.backupId() == null) {
            throw new BackupException("The safety backup of the target failed, so the restore did not start: " + job.error());
        }
        return job.backupId();
    }

    private void remember(BackupJob job) {
        jobs.addFirst(job);
        while (jobs.size() > RECENT_JOBS) {
            jobs.removeLast();
        }
    }

    private void execute(BackupJob job, List<BackupSource> chosen, Map<String, String> labels, boolean applyRetention) {
        execute(job, chosen, labels, applyRetention, (source, plain, stored) -> {});
    }

    private void execute(BackupJob job, List<BackupSource> chosen, Map<String, String> labels, boolean applyRetention,
            io.github.embeddedbackup.core.BackupProgressListener alsoTell) {
        Instant started = clock.instant();
        notify(listener -> listener.onStarted(job));
        try {
            Manifest manifest = runner.backup(chosen, labels, (source, plain, stored) -> {
                if (cancelRequested) {
                    throw new CancellationException("the application is shutting down");
                }
                job.progress(source, plain, stored);
                alsoTell.onProgress(source, plain, stored);
            });
            if (cancelRequested) {
                // Finished after shutdown aborted it: as promised, an aborted backup is not kept.
                discard(manifest);
                throw new CancellationException("the application is shutting down");
            }
            Instant finished = clock.instant();
            lastSuccess = manifest.startedAt();
            lastBackupId = manifest.id();
            newestSkipped = List.of(); // the new backup is the newest, and readable
            historyReadAt = clock.instant();
            if (applyRetention) {
                job.stage("retention");
                applyRetention();
            }
            job.succeeded(manifest.id(), manifest.plainSize(), manifest.archive().size(), finished);
            notify(listener -> listener.onSucceeded(job, manifest, Duration.between(started, finished)));
        } catch (Throwable e) {
            // Every job ends with a status, even on an Error (NoSuchMethodError, OutOfMemoryError): a job left
            // "running" would make every later trigger join it.
            Instant finished = clock.instant();
            String message = cancelRequested || e instanceof CancellationException
                    ? "Backup aborted: the application shut down while it ran. Nothing of it was stored."
                    : e instanceof Error ? internalError("Backup", e) : StarterMessages.of(e);
            lastFailure = finished;
            lastError = message;
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

    private void discard(Manifest manifest) {
        for (BackupPlan.Destination destination : plan.destinations()) {
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

    /** Marks the service idle, then wakes whoever waits for the job: completion means everything is done. */
    private void finishRun(BackupJob job) {
        synchronized (this) {
            if (running == job) {
                running = null;
            }
        }
        job.complete();
    }

    /** Each destination by its own policy. */
    private void applyRetention() {
        for (PlanRunner.RetentionOutcome outcome : runner.applyRetention(clock.instant())) {
            if (outcome.result() != null) {
                notify(listener -> listener.onRetentionApplied(outcome.result().plan().delete().size(), outcome.result().plan().keep().size()));
                backupsChanged();
            } else {
                // The new backup is good; a failed clean-up only means more is kept for now.
                logger.warn("Retention failed in destination '{}'; the new backup is complete, older ones were kept. error: {}",
                        outcome.destination(), outcome.failure() == null ? null : outcome.failure().getMessage());
            }
        }
    }

    /** Every destination, the primary first. */
    public List<BackupPlan.Destination> destinations() {
        return plan.destinations();
    }

    /** What each backup covers and where it goes. */
    public BackupPlan plan() {
        return plan;
    }

    private void notify(java.util.function.Consumer<BackupRunListener> call) {
        for (BackupRunListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException | LinkageError e) {
                logger.warn("Backup listener {} failed: {}", listener.getClass().getName(), e.toString());
            }
        }
    }

    /**
     * Stops taking new backups and waits up to {@code timeout} for a running one; then aborts it and
     * waits at most {@link #ABORT_GRACE} more, so shutdown never outlasts {@code timeout} by more than
     * that. An aborted backup is discarded by the engine: nothing of it is listed.
     */
    public void shutdown(Duration timeout) {
        worker.shutdown();
        try {
            if (worker.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
            logger.warn("A backup is still running after backup.shutdown-timeout ({}); aborting it. Nothing of it will be listed.", timeout);
            cancelRequested = true;
            worker.shutdownNow(); // interrupts waits (row counts, pg_dump's exit); the next write sees cancelRequested
            Thread thread = workerThread;
            if (thread != null) {
                // A tool that stopped reading or writing (hung on a lock, SIGSTOPped) never sees the abort: kill it.
                ExternalProcess.stopStartedBy(thread);
            }
            if (!worker.awaitTermination(ABORT_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                // Not waited for any longer: the thread is a daemon, its backup can no longer be published.
                logger.warn("The aborted backup did not stop within {}; shutdown goes on without it. Nothing of it is listed; "
                        + "a partial file it leaves is removed by cleanup.", ABORT_GRACE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancelRequested = true;
            worker.shutdownNow();
        }
    }

    public Optional<BackupJob> job(String id) {
        synchronized (this) {
            return jobs.stream().filter(job -> job.id().equals(id)).findFirst();
        }
    }

    public synchronized List<BackupJob> recentJobs() {
        return List.copyOf(jobs);
    }

    public @Nullable BackupJob runningJob() {
        return running;
    }

    /**
     * The start of the newest complete backup in the primary storage, or null when it holds none. Read
     * from the storage, then trusted for {@link #HISTORY_TTL} (our own backups and deletes update it at
     * once), so deleted backups or a removed folder show within a minute.
     */
    public @Nullable Instant lastSuccess() {
        loadHistory();
        return lastSuccess;
    }

    public @Nullable String lastBackupId() {
        loadHistory();
        return lastBackupId;
    }

    /**
     * Backups newer than {@link #lastBackupId()} whose manifests cannot be read, one sentence each
     * (which, why, which backup is used instead); empty when the newest backup is readable.
     */
    public List<String> newestSkipped() {
        loadHistory();
        return newestSkipped;
    }

    /** What {@code latest} would pass over in this listing: the unreadable manifests newer than the newest readable backup. */
    public static List<String> newestSkipped(BackupListing listing) {
        if (listing.backups().isEmpty()) {
            return listing.skipped().stream().map(s -> "Backup " + s.id() + " cannot be used: " + s.reason()).toList();
        }
        Manifest newest = listing.backups().get(0);
        return new ResolvedBackup(newest, listing.skipped().stream().filter(s -> s.id().compareTo(newest.id()) > 0).toList()).warnings();
    }

    /** Backups were deleted or changed outside a backup run (API delete, retention): list the storage again. */
    public void backupsChanged() {
        historyReadAt = null;
    }

    /**
     * When this application first started against its storage (the marker {@code state/first-start},
     * written at the first start): the reference for "no backup yet".
     */
    public Instant firstStart() {
        Instant known = firstStart;
        if (known != null) {
            return known;
        }
        synchronized (historyLock) {
            if (firstStart == null) {
                firstStart = FirstStartMarker.readOrCreate(repository, createdAt);
            }
            return firstStart;
        }
    }

    public @Nullable Instant lastFailure() {
        return lastFailure;
    }

    public @Nullable String lastError() {
        return lastError;
    }

    /** When this service started. */
    public Instant createdAt() {
        return createdAt;
    }

    /** The keys that can read what this service writes (none when it encrypts to public keys only). */
    public io.github.embeddedbackup.core.crypto.DecryptionKeys decryptionKeys() {
        return io.github.embeddedbackup.core.crypto.DecryptionKeys.from(options.encryption());
    }

    /** The options new backups are written with (compression, encryption). */
    public BackupOptions options() {
        return options;
    }

    public BackupRepository repository() {
        return repository;
    }

    public List<BackupSource> sources() {
        return sources;
    }

    private void loadHistory() {
        Instant readAt = historyReadAt;
        if (readAt != null && clock.instant().isBefore(readAt.plus(HISTORY_TTL))) {
            return;
        }
        synchronized (historyLock) {
            readAt = historyReadAt;
            if (readAt != null && clock.instant().isBefore(readAt.plus(HISTORY_TTL))) {
                return;
            }
            try {
                BackupListing listing = repository.list();
                Manifest newest = listing.backups().stream().findFirst().orElse(null);
                lastSuccess = newest == null ? null : newest.startedAt();
                lastBackupId = newest == null ? null : newest.id();
                List<String> skipped = newestSkipped(listing);
                if (!skipped.isEmpty() && !skipped.equals(newestSkipped)) {
                    logger.warn("The newest backup in {} cannot be used: {}", repository.storage().describe(), String.join(" ", skipped));
                }
                newestSkipped = skipped;
            } catch (RuntimeException e) {
                // Keep what was known; ask again after the TTL rather than at every health check.
                logger.warn("Cannot list the backups in {}: {}", repository.storage().describe(), e.getMessage());
            }
            historyReadAt = clock.instant();
        }
    }
}
