package io.github.embeddedbackup.runtime;

import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.storage.BackupStorage;
import io.github.embeddedbackup.core.storage.StorageWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When this application first started against its storage: the small object {@code state/first-start}
 * (an ISO-8601 instant). Health counts the age of "no backup yet" from it, so a crash loop or deleted
 * backups cannot look fresh. Listing, retention and cleanup read only {@code manifests/} and
 * {@code archives/}, so they never see it.
 */
final class FirstStartMarker {

    static final String KEY = "state/first-start";
    private static final Logger logger = LoggerFactory.getLogger(FirstStartMarker.class);

    private FirstStartMarker() {}

    /**
     * Reads the marker, or writes it: {@code now}, or the start of the oldest backup when backups exist
     * already (an installation from before the marker). Falls back to {@code now} when the storage cannot
     * be read or written.
     */
    static Instant readOrCreate(BackupRepository repository, Instant now) {
        BackupStorage storage = repository.storage();
        try {
            if (storage.stat(KEY).isPresent()) {
                try (InputStream in = storage.openReader(KEY)) {
                    return Instant.parse(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
                }
            }
            List<Manifest> backups = repository.list().backups();
            Instant first = backups.isEmpty() ? now : backups.get(backups.size() - 1).startedAt();
            Instant marker = first.isBefore(now) ? first : now;
            StorageWriter writer = storage.openWriter(KEY);
            try (writer) {
                writer.write((marker + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            return marker;
        } catch (IOException | RuntimeException e) {
            logger.warn("Cannot read or write {} in {}: {}. The age of 'no backup yet' counts from this start.", KEY, storage.describe(),
                    e.getMessage());
            return now;
        }
    }
}
