package io.github.embeddedbackup.runtime;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One run of a backup or a restore, from trigger to outcome. Thread-safe: the worker updates it,
 * readers see a consistent view.
 */
public final class BackupJob {

    /** Where a job is. */
    public enum State {
        RUNNING,
        SUCCEEDED,
        FAILED
    }

    /** What a job does. */
    public enum Type {
        BACKUP,
        RESTORE,
        /** A restore drill: the backup restored into a scratch place, checked, and the place dropped. */
        DRILL
    }

    private final String id = UUID.randomUUID().toString();
    private final Type type;
    private final String trigger;
    private final List<String> sources;
    private final Instant startedAt;
    private final CompletableFuture<BackupJob> completion = new CompletableFuture<>();
    private volatile State state = State.RUNNING;
    private volatile String stage = "starting";
    private volatile @Nullable String safetyBackupId;
    private volatile @Nullable String source;
    private volatile long plainBytes;
    private volatile long storedBytes;
    private volatile @Nullable Instant finishedAt;
    private volatile @Nullable String backupId;
    private volatile @Nullable String error;
    private volatile List<String> warnings = List.of();
    private volatile int attempt = 1;
    private volatile int maxAttempts = 1;
    private volatile @Nullable String requestedBy;
    private volatile @Nullable String target;
    private volatile @Nullable String schedule;

    BackupJob(String trigger, Instant startedAt) {
        this(Type.BACKUP, trigger, List.of(), startedAt);
    }

    /** @param sources the sources it covers; empty for all */
    BackupJob(Type type, String trigger, List<String> sources, Instant startedAt) {
        this.type = type;
        this.trigger = trigger;
        this.sources = List.copyOf(sources);
        this.startedAt = startedAt;
    }

    /** This backup was made for the schedule {@code name}. */
    void schedule(String name) {
        this.schedule = name;
    }

    /** The schedule this backup was made for, or null for a backup asked for (API, actuator, safety backup). */
    public @Nullable String schedule() {
        return schedule;
    }

    void stage(String newStage) {
        this.stage = newStage;
    }

    void restoring(String restoredBackupId) {
        this.backupId = restoredBackupId;
    }

    /** Why the backup used is not the one asked for (newer backups whose manifests could not be read). */
    void warnings(List<String> newWarnings) {
        this.warnings = List.copyOf(newWarnings);
    }

    /** This run is attempt {@code number} of at most {@code max} (scheduled backups are retried). */
    void attempts(int number, int max) {
        this.attempt = number;
        this.maxAttempts = max;
    }

    /** For a restore: who asked for it, and where it goes (a target name, or the source in place). */
    void restoreOf(@Nullable String who, String targetName) {
        this.requestedBy = who;
        this.target = targetName;
    }

    void safetyBackup(String backupId) {
        this.safetyBackupId = backupId;
    }

    void progress(String currentSource, long plain, long stored) {
        this.stage = type == Type.BACKUP ? "dumping" : stage;
        this.source = currentSource;
        this.plainBytes = plain;
        this.storedBytes = stored;
    }

    /**
     * @param plain the final plain bytes (a backup: the archive's entries; a restore: the dump restored)
     * @param stored the final stored bytes (the stored object written or read)
     */
    void succeeded(String newBackupId, long plain, long stored, Instant at) {
        this.backupId = newBackupId;
        this.plainBytes = plain;
        this.storedBytes = stored;
        this.finishedAt = at;
        this.stage = "done";
        this.state = State.SUCCEEDED;
    }

    void failed(String message, Instant at) {
        this.error = message;
        this.finishedAt = at;
        this.stage = "done";
        this.state = State.FAILED;
    }

    /** Signals waiters; called last, when everything the run does (listeners, retention) is done. */
    void complete() {
        completion.complete(this);
    }

    public String id() {
        return id;
    }

    public Type type() {
        return type;
    }

    public String trigger() {
        return trigger;
    }

    /** The sources it covers (for a restore: the one restored); empty when a backup covers all. */
    public List<String> sources() {
        return sources;
    }

    /** What it does now: starting, dumping, retention, safety-backup, restoring, drilling, done. */
    public String stage() {
        return stage;
    }

    /** For a restore: the backup of the target taken before it was replaced, or null. */
    public @Nullable String safetyBackupId() {
        return safetyBackupId;
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

    /** Plain (uncompressed, unencrypted) bytes handled so far; the final figure once succeeded. Shown as {@code bytesProcessed}. */
    public long plainBytes() {
        return plainBytes;
    }

    /** Bytes of the stored object written (backup) or read (restore) so far; the final figure once succeeded. */
    public long storedBytes() {
        return storedBytes;
    }

    public @Nullable Instant finishedAt() {
        return finishedAt;
    }

    /** For a backup: the new backup; for a restore: the backup restored; for a drill: the backup drilled. */
    public @Nullable String backupId() {
        return backupId;
    }

    /** The failure's message (never a secret), or null. */
    public @Nullable String error() {
        return error;
    }

    /** Newer backups that {@code latest} passed over, and why; empty when none was. */
    public List<String> warnings() {
        return warnings;
    }

    /** Which attempt this run is, from 1. */
    public int attempt() {
        return attempt;
    }

    /** How many attempts the trigger allows (1 unless a scheduled backup is retried). */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** Whether a failure of this run is the last word: no retry follows. */
    public boolean finalAttempt() {
        return attempt >= maxAttempts;
    }

    /** For a restore: who asked for it (the API caller), or null. */
    public @Nullable String requestedBy() {
        return requestedBy;
    }

    /** For a restore: the target's name, or the source's name followed by "(in place)". */
    public @Nullable String target() {
        return target;
    }

    /** Completes when the job has succeeded or failed. */
    public CompletableFuture<BackupJob> completion() {
        return completion;
    }
}
