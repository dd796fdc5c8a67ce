package io.github.embeddedbackup.core.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Events as the library sends them, for the channel tests. */
final class Events {

    static final Instant TIME = Instant.parse("2026-11-30T03:00:12.345Z");

    private Events() {}

    /** A failed backup with every fact set. */
    static NotificationEvent failedBackup() {
        return NotificationEvent.builder(EventType.BACKUP_FAILED, "my-service", "db-host-1", TIME).backupId("2026-11-30T030000Z-a1b2")
                .sources(List.of("main-db", "uploads")).destinations(List.of("s3-eu", "local")).size(1_572_864L)
                .duration(Duration.ofSeconds(72)).nextRun(Instant.parse("2026-12-01T03:00:00Z"))
                .error("pg_dump: error: connection to server at \"db\" (10.0.0.5), port 5432 failed: FATAL: password authentication failed for user \"backup\"")
                .link("https://admin.example.com/backups").detail("attempts", 3).detail("trigger", "schedule").build();
    }

    /** A succeeded backup with few facts and no error. */
    static NotificationEvent succeededBackup() {
        return NotificationEvent.builder(EventType.BACKUP_SUCCEEDED, "my-service", "db-host-1", TIME).backupId("2026-11-30T030000Z-a1b2")
                .size(2048L).build();
    }

    static NotificationEvent of(EventType type) {
        return NotificationEvent.builder(type, "my-service", "db-host-1", TIME).error(type.problem() ? "it broke" : null).build();
    }
}
