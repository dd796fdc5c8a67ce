package io.github.embeddedbackup.core.notify;

import io.github.embeddedbackup.core.Typos;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What happened, as named in properties, CLI options and the {@code type} field of every payload. */
public enum EventType {
    /** A backup run started (heartbeat {@code /start}); no channel but the heartbeat sends it by default. */
    BACKUP_STARTED("backup-started", "Backup started"),
    /** A backup completed; opt-in, except for the heartbeat. */
    BACKUP_SUCCEEDED("backup-succeeded", "Backup succeeded"),
    /**
     * An attempt of a scheduled backup failed and a retry follows; opt-in, except for the heartbeat (each
     * attempt is a run that ends in success or {@code /fail}).
     */
    ATTEMPT_FAILED("attempt-failed", "Backup attempt failed"),
    /** A backup failed after its retries were exhausted. */
    BACKUP_FAILED("backup-failed", "Backup failed"),
    /** No good backup within {@code backup.health.max-age}; once per episode. */
    STALE("stale", "Backups are stale"),
    /** The first success after a failure or a staleness episode. */
    RECOVERED("recovered", "Backups recovered"),
    RESTORE_SUCCEEDED("restore-succeeded", "Restore succeeded"),
    RESTORE_FAILED("restore-failed", "Restore failed"),
    VERIFY_FAILED("verify-failed", "Backup verification failed"),
    /** An optional destination (a mirror) failed and was left out of a backup that otherwise succeeded. */
    DESTINATION_FAILED("destination-failed", "Backup destination failed"),
    /** A destination is nearly full. */
    STORAGE_LOW("storage-low", "Backup storage low"),
    /** A restore drill failed its checks (restore-drills). */
    DRILL_FAILED("drill-failed", "Restore drill failed"),
    /** A test message ({@code backup.notifications.test-on-startup}). */
    TEST("test", "Test notification");

    /** What a channel sends when its {@code events} are not set. */
    public static final Set<EventType> DEFAULTS = Set.copyOf(EnumSet.of(BACKUP_FAILED, STALE, RECOVERED, RESTORE_SUCCEEDED, RESTORE_FAILED,
            VERIFY_FAILED, DESTINATION_FAILED, STORAGE_LOW, DRILL_FAILED));

    private final String id;
    private final String title;

    EventType(String id, String title) {
        this.id = id;
        this.title = title;
    }

    /** The name in properties and payloads, e.g. {@code backup-failed}. */
    public String id() {
        return id;
    }

    /** A short human title, e.g. "Backup failed". */
    public String title() {
        return title;
    }

    /** Whether this event reports a problem (shown in red, sent to a heartbeat as {@code /fail}). */
    public boolean problem() {
        return switch (this) {
            case ATTEMPT_FAILED, BACKUP_FAILED, STALE, RESTORE_FAILED, VERIFY_FAILED, DESTINATION_FAILED, STORAGE_LOW, DRILL_FAILED -> true;
            default -> false;
        };
    }

    /**
     * The event named {@code id} ({@code backup-failed}; {@code BACKUP_FAILED} and {@code backup_failed} too).
     *
     * @throws IllegalArgumentException naming the known events, with the nearest one
     */
    public static EventType of(String id) {
        String wanted = Typos.plain(id.trim());
        for (EventType type : values()) {
            if (Typos.plain(type.id).equals(wanted)) {
                return type;
            }
        }
        String nearest = Typos.nearest(id, Arrays.stream(values()).map(EventType::id).toList());
        throw new IllegalArgumentException("'" + id + "' is not a notification event" + (nearest == null ? "" : "; did you mean '" + nearest + "'?")
                + " Known events: " + String.join(", ", Arrays.stream(values()).map(EventType::id).toList()) + ".");
    }

    @Override
    public String toString() {
        return id.toLowerCase(Locale.ROOT);
    }
}
