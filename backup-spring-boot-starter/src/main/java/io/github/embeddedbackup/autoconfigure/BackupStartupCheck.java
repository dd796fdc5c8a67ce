package io.github.embeddedbackup.autoconfigure;

import io.github.embeddedbackup.autoconfigure.properties.BackupProperties;
import io.github.embeddedbackup.autoconfigure.properties.BackupPropertyException;

import io.github.embeddedbackup.core.source.BackupSource;
import io.github.embeddedbackup.core.source.TempFiles;
import io.github.embeddedbackup.core.source.ToolNotUsableException;
import io.github.embeddedbackup.core.storage.BackupStorage;
import io.github.embeddedbackup.core.storage.StorageException;
import io.github.embeddedbackup.runtime.BackupService;
import io.github.embeddedbackup.runtime.StarterMessages;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
    private final ConfiguredPlan plan;
    private final BackupProperties properties;

    public BackupStartupCheck(BackupService service, ConfiguredPlan plan, BackupProperties properties) {
        this.service = service;
        this.plan = plan;
        this.properties = properties;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<String> notReady = new ArrayList<>();
        TempFiles.removeLeftovers(); // what a killed run left in the temporary folder (spooled dumps, old password files)
        for (io.github.embeddedbackup.core.plan.BackupPlan.Destination destination : service.destinations()) {
            String name = destination.destination().name();
            checkStorage(destination.destination().repository().storage(), properties.mirrors().containsKey(name)
                    ? "backup.mirrors." + name : primaryProperty(), destination.destination().required());
        }
        for (BackupSource source : service.sources()) {
            try {
                source.preflight();
            } catch (ToolNotUsableException e) {
                String property = plan.source(source.name()).map(ConfiguredPlan.ConfiguredSource::toolProperty)
                        .orElse("the BackupSource bean '" + source.name() + "'");
                throw new BackupPropertyException(property, e.getMessage(),
                        "install the client tools of the server's version, or set " + property + " to such a tool", e);
            } catch (RuntimeException e) {
                notReady.add(source.name());
                logger.warn("Backup source '{}' is not ready: {} Backups will fail until it is; check {}.", source.name(),
                        StarterMessages.of(e), sourceProperty(source));
            }
        }
        if (service.sources().isEmpty()) {
            return;
        }
        service.history().firstStart(); // written at the first start ever: the reference of "no backup yet"
        List<String> sources = service.sources().stream().map(s -> s.name() + " (" + s.type() + ")").toList();
        if (notReady.isEmpty()) {
            logger.info("Backups ready. sources: {}, storage: {}", sources, service.repository().storage().describe());
        } else {
            logger.warn("Backups scheduled, but not ready: sources {} fail their checks (see above). sources: {}, storage: {}", notReady,
                    sources, service.repository().storage().describe());
        }
    }

    /** Where a source is configured. */
    private String sourceProperty(BackupSource source) {
        return plan.source(source.name()).map(configured -> configured.prefix().equals("backup.datasource") ? "spring.datasource.*"
                : configured.prefix()).orElse("the BackupSource bean '" + source.name() + "'");
    }

    /** The properties of the primary storage, e.g. backup.storage.s3 or backup.storage.local.path. */
    private String primaryProperty() {
        String type = properties.storage().type();
        return "local".equals(type) ? "backup.storage.local.path" : "backup.storage." + type;
    }

    /** Writes, reads and deletes a probe object: every permission a backup needs, checked before the first backup. */
    /**
     * Writes, reads and deletes a probe object. A storage that refuses (no permission, no such bucket or
     * folder) stops the start-up: every backup would fail. One that cannot be reached now, and an optional
     * mirror whatever its failure, is only logged: an outage of the storage during a deploy must not take
     * the application down; the backups fail, retry and show in health until it is back.
     */
    private void checkStorage(BackupStorage storage, String property, boolean required) {
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
            if (!required || unreachable(e)) {
                logger.warn("Backup storage {} failed its start-up self-test: {} Backups to it fail until it works; {}. Check {}.",
                        storage.describe(), StarterMessages.of(e), required ? "they are retried and health shows them"
                        : "it is an optional mirror, so backups still succeed without it", property);
                return;
            }
            throw new BackupPropertyException(property, "the start-up self-test could not write, read and delete a probe object in "
                    + storage.describe() + ": " + e.getMessage(), "make " + storage.describe() + " writable for this application, "
                    + "or point " + property + " at storage it may use", e);
        }
    }

    /** A network failure (refused, unknown host, timed out): the storage may be back in a minute, unlike a refusal. */
    static boolean unreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.ConnectException || cause instanceof java.net.UnknownHostException
                    || cause instanceof java.net.NoRouteToHostException || cause instanceof java.net.http.HttpTimeoutException
                    || cause instanceof java.net.SocketTimeoutException || cause instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    private static final byte[] PROBE = "embedded-backup start-up probe".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
}
