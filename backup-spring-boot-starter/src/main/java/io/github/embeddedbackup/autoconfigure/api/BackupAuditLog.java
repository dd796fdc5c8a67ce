package io.github.embeddedbackup.autoconfigure.api;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Records who did what through the API: the logger {@code backup.audit}, a {@link BackupAuditEvent},
 * and the most recent entries in memory for {@code GET /api/backup/audit} (the log stays the record).
 */
public class BackupAuditLog {

    /** How many entries are kept in memory. */
    static final int RECENT = 200;

    private static final Logger audit = LoggerFactory.getLogger("backup.audit");
    /** Refusals and failures, as docs/api.md promises; everything else at INFO. */
    private static final Set<String> WARN_OUTCOMES = Set.of("denied", "refused", "failed", "problems");

    /** One entry as kept in memory: the event's fields and when it was recorded. */
    public record Entry(Instant at, String who, String action, @Nullable String backupId, String outcome, @Nullable String detail) {}

    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Deque<Entry> recent = new ArrayDeque<>();

    public BackupAuditLog(ApplicationEventPublisher events) {
        this(events, Clock.systemUTC());
    }

    public BackupAuditLog(ApplicationEventPublisher events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    public void record(String who, String action, @Nullable String backupId, String outcome, @Nullable String detail) {
        BackupAuditEvent event = new BackupAuditEvent(this, who, action, backupId, outcome, detail);
        if (WARN_OUTCOMES.contains(outcome)) {
            audit.warn("{}", event);
        } else {
            audit.info("{}", event);
        }
        synchronized (recent) {
            recent.addFirst(new Entry(clock.instant(), who, action, backupId, outcome, detail));
            while (recent.size() > RECENT) {
                recent.removeLast();
            }
        }
        events.publishEvent(event);
    }

    /** The newest entries first, at most {@code limit}. */
    public List<Entry> recent(int limit) {
        synchronized (recent) {
            return recent.stream().limit(limit).toList();
        }
    }
}
