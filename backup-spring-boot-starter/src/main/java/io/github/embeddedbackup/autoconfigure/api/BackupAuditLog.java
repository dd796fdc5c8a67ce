package io.github.embeddedbackup.autoconfigure.api;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

/** Records who did what through the API: the logger {@code backup.audit} and a {@link BackupAuditEvent}. */
public class BackupAuditLog {

    private static final Logger audit = LoggerFactory.getLogger("backup.audit");
    /** Refusals and failures, as docs/api.md promises; everything else at INFO. */
    private static final java.util.Set<String> WARN_OUTCOMES = java.util.Set.of("denied", "refused", "failed", "problems");

    private final ApplicationEventPublisher events;

    public BackupAuditLog(ApplicationEventPublisher events) {
        this.events = events;
    }

    public void record(String who, String action, @Nullable String backupId, String outcome, @Nullable String detail) {
        BackupAuditEvent event = new BackupAuditEvent(this, who, action, backupId, outcome, detail);
        if (WARN_OUTCOMES.contains(outcome)) {
            audit.warn("{}", event);
        } else {
            audit.info("{}", event);
        }
        events.publishEvent(event);
    }
}
