package io.github.embeddedbackup.runtime;

import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.repository.BackupListing;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.repository.ResolvedBackup;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What is known of past backups in the primary storage, for health, metrics and the endpoint: the newest
 * complete backup (read from the storage, then trusted for {@link #TTL}), the last failure of this
 * process, and when this application first started against the storage.
 */
public class BackupHistory {

    private static final Logger logger = LoggerFactory.getLogger(BackupHistory.class);
    /** How long the newest backup read from storage is trusted before the storage is listed again. */
    static final Duration TTL = Duration.ofMinutes(1);

    private final BackupRepository repository;
    private final Clock clock;
    private final Instant createdAt;
    private final Object lock = new Object();
    private volatile @Nullable Instant lastSuccess;
    private volatile @Nullable String lastBackupId;
    private volatile List<String> newestSkipped = List.of();
    private volatile @Nullable Instant lastFailure;
    private volatile @Nullable String lastError;
    /** When the storage was last listed; null: list it at the next question. */
    private volatile @Nullable Instant readAt;
    private volatile @Nullable Instant firstStart;
    /** The start of the newest backup per value of the {@code schedule} label ("" for backups without it). */
    private volatile Map<String, Instant> newestBySchedule = Map.of();

    /** @param repository the primary storage, where "the newest backup" is looked for */
    public BackupHistory(BackupRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
        this.createdAt = clock.instant();
    }

    /** A backup succeeded: it is the newest, and readable. */
    void succeeded(Manifest manifest) {
        lastSuccess = manifest.startedAt();
        lastBackupId = manifest.id();
        newestSkipped = List.of();
        Map<String, Instant> bySchedule = new HashMap<>(newestBySchedule);
        bySchedule.merge(scheduleOf(manifest), manifest.startedAt(), (a, b) -> a.isAfter(b) ? a : b);
        newestBySchedule = Map.copyOf(bySchedule);
        readAt = clock.instant();
    }

    /**
     * The start of the newest complete backup of {@code schedule} in this storage, or null: backups with its
     * label, and for the schedule {@value BackupSchedule#DEFAULT} also those without a schedule label.
     */
    public @Nullable Instant lastSuccess(BackupSchedule schedule) {
        load();
        Map<String, Instant> known = newestBySchedule;
        Instant own = known.get(schedule.name());
        Instant unlabelled = BackupSchedule.DEFAULT.equals(schedule.name()) ? known.get("") : null;
        return own == null ? unlabelled : unlabelled == null || own.isAfter(unlabelled) ? own : unlabelled;
    }

    /** Lists the storage now, not after the cache expires: before deciding whether another instance already made a backup. */
    public void refresh() {
        readAt = null;
        load();
    }

    private static String scheduleOf(Manifest manifest) {
        return manifest.labels().getOrDefault(BackupSchedule.LABEL, "");
    }

    /** A backup failed at {@code at}, for the reason {@code error}. */
    void failed(Instant at, String error) {
        lastFailure = at;
        lastError = error;
    }

    /** Backups were deleted or changed outside a backup run (API delete, retention): list the storage again. */
    public void backupsChanged() {
        readAt = null;
    }

    /**
     * The start of the newest complete backup in the primary storage, or null when it holds none. Read
     * from the storage, then trusted for {@link #TTL} (our own backups and deletes update it at
     * once), so deleted backups or a removed folder show within a minute.
     */
    public @Nullable Instant lastSuccess() {
        load();
        return lastSuccess;
    }

    public @Nullable String lastBackupId() {
        load();
        return lastBackupId;
    }

    /**
     * Backups newer than {@link #lastBackupId()} whose manifests cannot be read, one sentence each
     * (which, why, which backup is used instead); empty when the newest backup is readable.
     */
    public List<String> newestSkipped() {
        load();
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

    /**
     * When this application first started against its storage (the marker {@code state/first-start},
     * written at the first start): the reference for "no backup yet".
     */
    public Instant firstStart() {
        Instant known = firstStart;
        if (known != null) {
            return known;
        }
        synchronized (lock) {
            if (firstStart == null) {
                firstStart = FirstStartMarker.readOrCreate(repository, createdAt);
            }
            return firstStart;
        }
    }

    /** When a backup of this process last failed, or null. */
    public @Nullable Instant lastFailure() {
        return lastFailure;
    }

    /** Why it failed (never a secret), or null. */
    public @Nullable String lastError() {
        return lastError;
    }

    /** When this history was created: the application's start. */
    public Instant createdAt() {
        return createdAt;
    }

    private void load() {
        Instant known = readAt;
        if (known != null && clock.instant().isBefore(known.plus(TTL))) {
            return;
        }
        synchronized (lock) {
            known = readAt;
            if (known != null && clock.instant().isBefore(known.plus(TTL))) {
                return;
            }
            try {
                BackupListing listing = repository.list();
                Manifest newest = listing.backups().stream().findFirst().orElse(null);
                lastSuccess = newest == null ? null : newest.startedAt();
                lastBackupId = newest == null ? null : newest.id();
                Map<String, Instant> bySchedule = new HashMap<>();
                listing.backups().forEach(backup -> bySchedule.putIfAbsent(scheduleOf(backup), backup.startedAt())); // newest first
                newestBySchedule = Map.copyOf(bySchedule);
                List<String> skipped = newestSkipped(listing);
                if (!skipped.isEmpty() && !skipped.equals(newestSkipped)) {
                    logger.warn("The newest backup in {} cannot be used: {}", repository.storage().describe(), String.join(" ", skipped));
                }
                newestSkipped = skipped;
            } catch (RuntimeException e) {
                // Keep what was known; ask again after the TTL rather than at every health check.
                logger.warn("Cannot list the backups in {}: {}", repository.storage().describe(), e.getMessage());
            }
            readAt = clock.instant();
        }
    }
}
