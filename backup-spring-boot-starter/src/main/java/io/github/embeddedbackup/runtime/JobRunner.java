package io.github.embeddedbackup.runtime;

import io.github.embeddedbackup.core.BackupException;
import io.github.embeddedbackup.core.source.ExternalProcess;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one worker thread every job (backup, restore, safety backup) runs on, one at a time, and the
 * recent jobs. At shutdown a running job gets a timeout, is then aborted (its tools killed), and gets a
 * short grace to stop.
 */
public class JobRunner {

    private static final Logger logger = LoggerFactory.getLogger(JobRunner.class);
    /** How many jobs are kept in memory for the endpoint and the API. */
    static final int RECENT_JOBS = 20;
    /** How long an aborted job may take to stop at shutdown, after the timeout. */
    static final Duration ABORT_GRACE = Duration.ofSeconds(2);

    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "backup-worker");
        thread.setDaemon(true);
        workerThread = thread;
        return thread;
    });
    private volatile @Nullable Thread workerThread;
    private final Deque<BackupJob> jobs = new ArrayDeque<>();
    private volatile @Nullable BackupJob running;
    private volatile boolean aborting;

    /**
     * Runs {@code work} for {@code job} on the worker, unless a job runs: then refuses.
     *
     * @throws BackupAlreadyRunningException when a job runs
     */
    public BackupJob submit(BackupJob job, Consumer<BackupJob> work) {
        return submit(job, work, current -> {
            throw new BackupAlreadyRunningException(current, (current.type() == BackupJob.Type.BACKUP ? "A backup"
                    : current.type() == BackupJob.Type.DRILL ? "A drill" : "A restore")
                    + " is running (job " + current.id() + "). Backups and restores run one at a time: follow that job, then start this one.");
        });
    }

    /**
     * Runs {@code work} for {@code job} on the worker, unless a job runs: then returns what {@code whenBusy}
     * gives for the running job (the job to join), or throws what it throws. Decided under one lock, so two
     * callers never both start.
     *
     * @throws BackupException when the application is shutting down
     */
    public synchronized BackupJob submit(BackupJob job, Consumer<BackupJob> work, UnaryOperator<BackupJob> whenBusy) {
        BackupJob current = running;
        if (current != null) {
            return whenBusy.apply(current);
        }
        if (worker.isShutdown()) {
            throw new BackupException("The application is shutting down; no new " + (job.type() == BackupJob.Type.BACKUP ? "backup" : "job")
                    + " is started.");
        }
        running = job;
        record(job);
        worker.execute(() -> {
            try {
                work.accept(job);
            } finally {
                finish(job);
            }
        });
        return job;
    }

    /** Lists a job that runs inside the running one, on the worker (a restore's safety backup). */
    synchronized void record(BackupJob job) {
        jobs.addFirst(job);
        while (jobs.size() > RECENT_JOBS) {
            jobs.removeLast();
        }
    }

    /** Marks the runner idle, then wakes whoever waits for the job: completion means everything is done. */
    private void finish(BackupJob job) {
        synchronized (this) {
            if (running == job) {
                running = null;
            }
        }
        job.complete();
    }

    /** The job that runs now, or null. */
    public @Nullable BackupJob running() {
        return running;
    }

    public synchronized Optional<BackupJob> job(String id) {
        return jobs.stream().filter(job -> job.id().equals(id)).findFirst();
    }

    /** The recent jobs, newest first. */
    public synchronized List<BackupJob> recentJobs() {
        return List.copyOf(jobs);
    }

    /** Whether shutdown aborts the running job: a job checks this as it goes, and keeps nothing of itself. */
    public boolean aborting() {
        return aborting;
    }

    /**
     * Stops taking new jobs and waits up to {@code timeout} for a running one; then aborts it and
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
            aborting = true;
            worker.shutdownNow(); // interrupts waits (row counts, pg_dump's exit); the next write sees aborting
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
            aborting = true;
            worker.shutdownNow();
        }
    }
}
