package io.github.embeddedbackup.runtime;

import io.github.embeddedbackup.core.storage.BackupStorage;
import io.github.embeddedbackup.core.storage.StorageWriter;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which instance holds the cluster lock: the small object {@code state/running} in the shared storage,
 * written when an instance takes the lock (for a backup or a scheduled drill) and removed when it lets go, so that another instance can say
 * where a backup runs (a lock tells only that it is held). Advisory: a killed holder leaves it behind,
 * and it is read only while the lock is held.
 */
public final class RunMarker {

    static final String KEY = "state/running";
    private static final Logger logger = LoggerFactory.getLogger(RunMarker.class);

    private final BackupStorage storage;

    public RunMarker(BackupStorage storage) {
        this.storage = storage;
    }

    /** This instance: its host name and process id. */
    public static String thisInstance() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "unknown host";
        }
        return "host " + host + " (pid " + ProcessHandle.current().pid() + ", up since "
                + Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()) + ")";
    }

    /** Says that this instance holds the lock for {@code what} (e.g. "backup job …") since {@code since}; never throws. */
    public void write(String what, Instant since) {
        try {
            StorageWriter writer = storage.openWriter(KEY);
            try (writer) {
                writer.write((thisInstance() + ", " + what + " since " + since + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (Exception e) {
            logger.debug("Cannot write {} in {}: {}", KEY, storage.describe(), e.getMessage());
        }
    }

    /** Removes the marker when this instance lets go of the lock; never throws. */
    public void clear() {
        try {
            storage.delete(KEY);
        } catch (Exception e) {
            logger.debug("Cannot remove {} in {}: {}", KEY, storage.describe(), e.getMessage());
        }
    }

    /** Where the backup runs, as the holder wrote it, or a sentence saying it is not known. */
    public String read() {
        try {
            if (storage.stat(KEY).isPresent()) {
                try (InputStream in = storage.openReader(KEY)) {
                    String text = new String(in.readNBytes(500), StandardCharsets.UTF_8).strip();
                    if (!text.isEmpty()) {
                        return text;
                    }
                }
            }
        } catch (Exception e) {
            logger.debug("Cannot read {} in {}: {}", KEY, storage.describe(), e.getMessage());
        }
        return "which instance is not known: it has not written " + KEY + " in the storage yet";
    }
}
