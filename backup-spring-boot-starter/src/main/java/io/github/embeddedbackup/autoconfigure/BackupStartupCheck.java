package io.github.embeddedbackup.autoconfigure;

import io.github.embeddedbackup.core.source.BackupSource;
import io.github.embeddedbackup.core.source.ToolNotUsableException;
import io.github.embeddedbackup.core.storage.StorageException;
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
        checkStorage();
        for (BackupSource source : service.sources()) {
            try {
                source.preflight();
            } catch (ToolNotUsableException e) {
                String property = source.name().equals(properties.getDatasource().getName()) && !properties.getSources().containsKey(source.name())
                        ? "backup.datasource.pg-dump-path" : "backup.sources." + source.name() + ".pg-dump-path";
                throw new BackupPropertyException(property, e.getMessage(),
                        "install the PostgreSQL client tools of the server's major version, or set " + property + " to such a pg_dump", e);
            } catch (RuntimeException e) {
                logger.warn("Backup source '{}' is not ready: {} Backups will fail until it is.", source.name(), e.getMessage());
            }
        }
        logger.info("Backups ready. sources: {}, storage: {}", service.sources().stream().map(s -> s.name() + " (" + s.type() + ")").toList(),
                service.repository().storage().describe());
    }

    private void checkStorage() {
        try {
            StorageWriter probe = service.repository().storage().openWriter("startup-probe");
            probe.abort();
        } catch (StorageException e) {
            throw new BackupPropertyException("backup.storage.local.path", e.getMessage(),
                    "choose a folder this application may write, e.g. backup.storage.local.path=/var/backups/app", e);
        }
    }
}
