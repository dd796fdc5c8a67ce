package io.github.embeddedbackup.autoconfigure;

import io.github.embeddedbackup.autoconfigure.properties.BackupPropertyException;
import io.github.embeddedbackup.autoconfigure.properties.RestoreProperties;

import io.github.embeddedbackup.core.plan.BackupPlan;
import io.github.embeddedbackup.core.source.SourceSpec;
import io.github.embeddedbackup.runtime.RestoreSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The backup plan built from properties, and where each of its sources was configured (for messages
 * that name the property to fix, and for restoring a source in place).
 *
 * @param plan what each backup covers and where it goes
 * @param configured the sources built from properties, by name (not those the application gives as beans)
 * @param skippedDataSource a sentence saying which DataSource is not backed up and why, or null
 * @param schedules the schedules of backup.schedule and backup.schedules.*, checked against the plan's sources and destinations
 */
public record ConfiguredPlan(BackupPlan plan, Map<String, ConfiguredSource> configured, @Nullable String skippedDataSource,
        java.util.List<io.github.embeddedbackup.runtime.BackupSchedule> schedules) {

    public ConfiguredPlan {
        configured = Map.copyOf(configured);
        schedules = java.util.List.copyOf(schedules);
    }

    /** A plan without schedules. */
    public ConfiguredPlan(BackupPlan plan, Map<String, ConfiguredSource> configured, @Nullable String skippedDataSource) {
        this(plan, configured, skippedDataSource, java.util.List.of());
    }

    public Optional<ConfiguredSource> source(String name) {
        return Optional.ofNullable(configured.get(name));
    }

    /**
     * Where restores may go: the targets of {@code backup.restore.targets} and, in place, the sources built
     * from properties.
     *
     * @throws BackupPropertyException when a target has neither a url nor a path
     */
    public RestoreSettings restoreSettings(RestoreProperties restore) {
        Map<String, RestoreSettings.Place> targets = new LinkedHashMap<>();
        restore.targets().forEach((name, target) -> {
            String prefix = "backup.restore.targets." + name;
            targets.put(name, new RestoreSettings.Place(BackupPlanFactory.spec(name, target, prefix), prefix));
        });
        Map<String, RestoreSettings.Place> inPlace = new LinkedHashMap<>();
        configured.forEach((name, source) -> inPlace.put(name, new RestoreSettings.Place(source.spec(), "backup.sources." + name)));
        return new RestoreSettings(restore.allowInPlace(), targets, inPlace, restore.pgRestorePath());
    }

    /**
     * A source built from properties.
     *
     * @param spec its URI and settings (to restore into it in place)
     * @param prefix its properties, {@code backup.datasource} or {@code backup.sources.<name>}
     * @param toolProperty the property of its dump tool, as the user wrote it
     */
    public record ConfiguredSource(SourceSpec spec, String prefix, String toolProperty) {}
}
