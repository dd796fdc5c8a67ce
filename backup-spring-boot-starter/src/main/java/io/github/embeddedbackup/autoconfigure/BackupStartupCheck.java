package io.github.embeddedbackup.autoconfigure;

import io.github.embeddedbackup.core.source.BackupSource;
import io.github.embeddedbackup.core.source.TempFiles;
import io.github.embeddedbackup.core.source.ToolNotUsableException;
import io.github.embeddedbackup.core.storage.BackupStorage;
import io.github.embeddedbackup.core.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import io.github.embeddedbackup.core.storage.StorageWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Checks at start-up what would make every backup fail, and stops the application with the property
 * to fix: an unwritable storage folder, a missing or too old {@code pg_dump}. A database that is not
 * reachable right now is only logged: it may come up later, and the health indicator will tell.
 */
public class BackupStartupCheck implements SmartInitializingSingleton {

    private static final Logger logger = LoggerFactory.getLogger(BackupStartupCheck.class);

    private final BackupService service;
    private final BackupProperties properties;

    public BackupStartupCheck(BackupService service, BackupProperties properties) {
        this.service = service;
        this.properties = properties;
    }

    @Override
    public void afterSingletonsInstantiated() {
        TempFiles.removeLeftovers(); // what a killed run left in the temporary folder (spooled dumps, old password files)
        for (BackupService.Destination destination : service.destinations()) {
            String name = destination.destination().name();
            checkStorage(destination.destination().repository().storage(), properties.getMirrors().containsKey(name)
                    ? "backup.mirrors." + name : primaryProperty());
        }
        for (BackupSource source : service.sources()) {
            try {
                source.preflight();
            } catch (ToolNotUsableException e) {
                String property = source.name().equals(properties.getDatasource().getName()) && !properties.getSources().containsKey(source.name())
                        ? "backup.datasource.pg-dump-path" : "backup.sources." + source.name() + ".pg-dump-path";
                throw new BackupPropertyException(property, e.getMessage(),
                        "install the PostgreSQL client tools of the server's major version, or set " + property + " to such a pg_dump", e);
            } catch (RuntimeException e) {
                logger.warn("Backup source '{}' is not ready: {} Backups will fail until it is; check {}.", source.name(),
                        StarterMessages.of(e), sourceProperty(source));
            }
        }
        if (service.sources().isEmpty()) {
            return;
        }
        service.firstStart(); // written at the first start ever: the reference of "no backup yet"
        logger.info("Backups ready. sources: {}, storage: {}", service.sources().stream().map(s -> s.name() + " (" + s.type() + ")").toList(),
                service.repository().storage().describe());
    }

    /** Where a source is configured. */
    private String sourceProperty(BackupSource source) {
        if (properties.getSources().containsKey(source.name())) {
            return "backup.sources." + source.name();
        }
        return source.name().equals(properties.getDatasource().getName()) ? "spring.datasource.*" : "the BackupSource bean '" + source.name() + "'";
    }

    /** Writes, reads and deletes a probe object: every permission a backup needs, checked before the first backup. */
    private String primaryProperty() {
        return switch (properties.getStorage().getType()) {
            case "s3" -> "backup.storage.s3";
            case "gcs" -> "backup.storage.gcs";
            default -> "backup.storage.local.path";
        };
    }

    private void checkStorage(BackupStorage storage, String property) {
        String key = "startup-probe-" + java.util.UUID.randomUUID();
        try {
            StorageWriter probe = storage.openWriter(key);
            try (probe) {
                probe.write(PROBE);
            }
            try (InputStream in = storage.openReader(key)) {
                if (!java.util.Arrays.equals(in.readAllBytes(), PROBE)) {
                    throw new StorageException("the probe object read back differs from what was written", storage.describe(), key, null);
                }
            }
            storage.delete(key);
        } catch (StorageException | IOException e) {
            throw new BackupPropertyException(property, "the start-up self-test could not write, read and delete a probe object in "
                    + storage.describe() + ": " + e.getMessage(), "make " + storage.describe() + " writable for this application, "
                    + "or point " + property + " at storage it may use", e);
        }
    }

    private static final byte[] PROBE = "embedded-backup start-up probe".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
}
