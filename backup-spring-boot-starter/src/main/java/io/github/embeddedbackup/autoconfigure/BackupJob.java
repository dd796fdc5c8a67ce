package io.github.embeddedbackup.autoconfigure;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** One run of a backup, from trigger to outcome. Thread-safe: the worker updates it, readers see a consistent view. */
public final class BackupJob {

    /** Where a job is. */
    public enum State {
        RUNNING,
        SUCCEEDED,
        FAILED
    }

    private final String id = UUID.randomUUID().toString();
    private final String trigger;
    private final Instant startedAt;
    private final CompletableFuture<BackupJob> completion = new CompletableFuture<>();
    private volatile State state = State.RUNNING;
    private volatile @Nullable String source;
    private volatile long plainBytes;
    private volatile long storedBytes;
    private volatile @Nullable Instant finishedAt;
    private volatile @Nullable String backupId;
    private volatile @Nullable String error;

    BackupJob(String trigger, Instant startedAt) {
        this.trigger = trigger;
        this.startedAt = startedAt;
    }

    void progress(String currentSource, long plain, long stored) {
        this.source = currentSource;
        this.plainBytes = plain;
        this.storedBytes = stored;
    }

    void succeeded(String newBackupId, long stored, Instant at) {
        this.backupId = newBackupId;
        this.storedBytes = stored;
        this.finishedAt = at;
        this.state = State.SUCCEEDED;
    }

    void failed(String message, Instant at) {
        this.error = message;
        this.finishedAt = at;
        this.state = State.FAILED;
    }

    /** Signals waiters; called last, when everything the run does (listeners, retention) is done. */
    void complete() {
        completion.complete(this);
    }

    public String id() {
        return id;
    }

    public String trigger() {
        return trigger;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public State state() {
        return state;
    }

    public @Nullable String source() {
        return source;
    }

    public long plainBytes() {
        return plainBytes;
    }

    public long storedBytes() {
        return storedBytes;
    }

    public @Nullable Instant finishedAt() {
        return finishedAt;
    }

    public @Nullable String backupId() {
        return backupId;
    }

    /** The failure's message (never a secret), or null. */
    public @Nullable String error() {
        return error;
    }

    /** Completes when the job has succeeded or failed. */
    public CompletableFuture<BackupJob> completion() {
        return completion;
    }
}
