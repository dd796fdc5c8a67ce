package io.github.embeddedbackup.autoconfigure.api;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEvent;

/**
 * One call of the backup API that starts, restores, verifies, deletes or downloads, or that was
 * refused. Published as an {@link ApplicationEvent} and written to the logger {@code backup.audit}.
 */
public class BackupAuditEvent extends ApplicationEvent {

    private final String who;
    private final String action;
    private final @Nullable String backupId;
    private final String outcome;
    private final @Nullable String detail;

    /**
     * @param who the principal, {@code token}, or {@code anonymous} for a refused call
     * @param action start, restore, verify, delete, download, …
     * @param backupId the backup concerned, if any
     * @param outcome accepted, succeeded, failed, refused, denied, …
     * @param detail a short description (never a secret)
     */
    public BackupAuditEvent(Object source, String who, String action, @Nullable String backupId, String outcome, @Nullable String detail) {
        super(source);
        this.who = who;
        this.action = action;
        this.backupId = backupId;
        this.outcome = outcome;
        this.detail = detail;
    }

    public String who() {
        return who;
    }

    public String action() {
        return action;
    }

    public @Nullable String backupId() {
        return backupId;
    }

    public String outcome() {
        return outcome;
    }

    public @Nullable String detail() {
        return detail;
    }

    @Override
    public String toString() {
        return "action=" + action + " who=" + who + " backup=" + (backupId == null ? "-" : backupId) + " outcome=" + outcome
                + (detail == null ? "" : " detail=\"" + detail.replace('"', '\'').replaceAll("[\\r\\n]+", " ") + "\"");
    }
}
