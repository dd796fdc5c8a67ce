package io.github.embeddedbackup.runtime;

import io.github.embeddedbackup.core.BackupDestination;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.plan.BackupPlan;
import io.github.embeddedbackup.core.repository.StoredBackups;
import io.github.embeddedbackup.core.storage.StorageSpace;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How much each destination of the plan holds and how much room it has left, for metrics and a
 * storage-low alert. The figures are measured by {@link #refresh()} and kept: reading them never lists a
 * storage, except the very first time when nothing was measured yet.
 *
 * <p>As a {@link BackupRunListener} it measures again after every backup, successful (retention has run
 * by then: the service reports retention before success, so retention alone does not measure again) or
 * failed (a failure may have filled the disk). Whatever else changes a storage (a delete through the API,
 * files removed by hand) shows at the next backup, or at the next {@link #refresh()} of a periodic check.
 */
public class StorageUsage implements BackupRunListener {

    private static final Logger logger = LoggerFactory.getLogger(StorageUsage.class);

    /**
     * What one destination held when it was last measured.
     *
     * @param destination its name
     * @param usedBytes the archives and manifests of its complete backups, as stored (interrupted backups
     *     and other files are not counted)
     * @param backups how many complete backups it holds
     * @param space its free and total space, or null where the storage has no such notion (object stores)
     * @param measuredAt when it was measured
     */
    public record Usage(String destination, long usedBytes, int backups, @Nullable StorageSpace space, Instant measuredAt) {}

    private final List<BackupDestination> destinations;
    private final Clock clock;
    private final Object lock = new Object();
    /** The destinations whose last measurement failed: warned about once, until they answer again. */
    private final Set<String> failing = new HashSet<>();
    private volatile Map<String, Usage> figures = Map.of();
    /** {@link #failing} as of the last measurement, readable without the lock. */
    private volatile Set<String> failingNow = Set.of();
    private volatile boolean measured;

    public StorageUsage(BackupPlan plan, Clock clock) {
        this.destinations = plan.destinations().stream().map(BackupPlan.Destination::destination).toList();
        this.clock = clock;
    }

    /** The names of the destinations measured, in plan order (the primary first). */
    public List<String> destinations() {
        return destinations.stream().map(BackupDestination::name).toList();
    }

    /**
     * Whether the destination's storage tells its free space (a folder does, an object store does not).
     * Asks the storage for its space once; lists nothing.
     */
    public boolean reportsSpace(String destination) {
        return destinations.stream().filter(each -> each.name().equals(destination)).findFirst()
                .map(each -> each.repository().storage().space().isPresent()).orElse(false);
    }

    /**
     * The last figures of every destination that could be measured so far, in plan order. Lists the
     * storages on this thread only when nothing was measured yet.
     */
    public List<Usage> current() {
        if (!measured) {
            synchronized (lock) {
                if (!measured) {
                    measure();
                }
            }
        }
        return List.copyOf(figures.values());
    }

    /** The last figures of one destination, or empty when it was never measured successfully. */
    public Optional<Usage> current(String destination) {
        return current().stream().filter(usage -> usage.destination().equals(destination)).findFirst();
    }

    /** Whether the last measurement of the destination failed (its figures, if any, are older). Never waits for a measurement. */
    public boolean failing(String destination) {
        return failingNow.contains(destination);
    }

    /**
     * Measures every destination now: lists its manifests and archives (no manifest is read) and asks its
     * storage for the free space. A destination that fails keeps its previous figures.
     */
    public void refresh() {
        synchronized (lock) {
            measure();
        }
    }

    @Override
    public void onSucceeded(BackupJob job, Manifest manifest, Duration duration) {
        refresh();
    }

    @Override
    public void onFailed(BackupJob job, Exception failure, Duration duration) {
        refresh();
    }

    private void measure() {
        Map<String, Usage> next = new LinkedHashMap<>();
        for (BackupDestination destination : destinations) {
            Usage usage = measure(destination);
            if (usage != null) {
                next.put(destination.name(), usage);
            }
        }
        figures = Collections.unmodifiableMap(next); // plan order, which Map.copyOf would not keep
        failingNow = Set.copyOf(failing);
        measured = true;
    }

    /** The new figures of a destination, or its previous ones (maybe null) when it cannot be measured now. */
    private @Nullable Usage measure(BackupDestination destination) {
        String name = destination.name();
        try {
            StoredBackups stored = destination.repository().stored();
            StorageSpace space = destination.repository().storage().space().orElse(null);
            if (failing.remove(name)) {
                logger.info("Storage usage of destination '{}' can be measured again.", name);
            }
            return new Usage(name, stored.bytes(), stored.count(), space, clock.instant());
        } catch (RuntimeException e) {
            if (failing.add(name)) {
                logger.warn("Cannot measure the storage usage of destination '{}'; its metrics keep the last figures until it "
                        + "answers again (this is not repeated). error: {}", name, e.getMessage());
            } else {
                logger.debug("Storage usage of destination '{}' still cannot be measured: {}", name, e.toString());
            }
            return figures.get(name);
        }
    }
}
