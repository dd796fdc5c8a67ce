package io.github.embeddedbackup.core.plan;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.BackupDestination;
import io.github.embeddedbackup.core.BackupOptions;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.retention.LabelledRetention;
import io.github.embeddedbackup.core.retention.RetentionPolicy;
import io.github.embeddedbackup.core.source.BackupSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One backup's sources, its destinations (the first is the primary), how archives are written and
 * the labels every backup carries. Built by {@link BackupPlanBuilder}; run by {@link PlanRunner}.
 *
 * @param sources what each backup covers; names are unique (may be empty: then nothing can run)
 * @param destinations at least one; the first is the primary, which restores and health read
 * @param options compression, encryption, part size, clock
 * @param labels recorded in every manifest, besides those of one run
 * @since 0.2.0
 */
public record BackupPlan(List<BackupSource> sources, List<Destination> destinations, BackupOptions options, Map<String, String> labels) {

    public BackupPlan {
        sources = List.copyOf(sources);
        destinations = List.copyOf(destinations);
        labels = Map.copyOf(labels);
        if (destinations.isEmpty()) {
            throw new IllegalArgumentException("A backup plan needs at least one destination");
        }
        Map<String, BackupSource> byName = new HashMap<>();
        for (BackupSource source : sources) {
            BackupSource other = byName.putIfAbsent(source.name(), source);
            if (other != null) {
                throw new BackupConfigurationException("Two sources are named '" + source.name() + "' (" + other.type() + ", " + source.type()
                        + "). Give each source its own name.");
            }
        }
    }

    /** The primary destination's repository: what restores, health and the endpoint read. */
    public BackupRepository repository() {
        return destinations.get(0).destination().repository();
    }

    /** The sources with these names, in plan order; all of them for an empty list. */
    public List<BackupSource> sources(List<String> names) {
        return names.isEmpty() ? sources : sources.stream().filter(source -> names.contains(source.name())).toList();
    }

    /** The plan for other sources (a safety backup of a restore target goes to the same destinations). */
    public BackupPlan withSources(List<BackupSource> otherSources) {
        return new BackupPlan(otherSources, destinations, options, labels);
    }

    /** The destinations with these names, in plan order; all of them for an empty list. */
    public List<Destination> destinations(List<String> names) {
        return names.isEmpty() ? destinations : destinations.stream().filter(destination -> names.contains(destination.name())).toList();
    }

    /**
     * One place backups are written, and its own retention.
     *
     * @param destination the repository, and whether the backup fails when it fails
     * @param retention applied after each successful backup to the backups no labelled policy covers, or null to keep them
     * @param labelled policies of their own for backups with a label (e.g. each schedule's), applied before {@code retention}
     */
    public record Destination(BackupDestination destination, @Nullable RetentionPolicy retention, List<LabelledRetention> labelled) {

        public Destination {
            labelled = List.copyOf(labelled);
        }

        /** A destination whose one policy covers every backup. */
        public Destination(BackupDestination destination, @Nullable RetentionPolicy retention) {
            this(destination, retention, List.of());
        }

        public String name() {
            return destination.name();
        }

        /** This destination with one more labelled policy. */
        public Destination withLabelled(LabelledRetention policy) {
            List<LabelledRetention> all = new java.util.ArrayList<>(labelled);
            all.add(policy);
            return new Destination(destination, retention, all);
        }
    }

    /** This plan with other destinations (e.g. with the schedules' labelled retention added). */
    public BackupPlan withDestinations(List<Destination> otherDestinations) {
        return new BackupPlan(sources, otherDestinations, options, labels);
    }
}
