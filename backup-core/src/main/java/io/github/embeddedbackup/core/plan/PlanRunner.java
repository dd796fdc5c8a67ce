package io.github.embeddedbackup.core.plan;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.BackupDestination;
import io.github.embeddedbackup.core.BackupEngine;
import io.github.embeddedbackup.core.BackupProgressListener;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.retention.LabelledRetention;
import io.github.embeddedbackup.core.retention.Pruner;
import io.github.embeddedbackup.core.retention.RetentionPolicy;
import io.github.embeddedbackup.core.source.BackupSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The one path every backup takes: the engine writes it to all destinations of the plan, then each
 * destination applies its own retention. The CLI calls it directly; the starter's job runner calls it
 * for scheduled, API and safety backups alike.
 *
 * @since 0.2.0
 */
public final class PlanRunner {

    /** Partial files younger than this are taken for a backup still being written (by another replica) and kept. */
    public static final Duration ORPHAN_GRACE = Duration.ofHours(24);

    private final BackupPlan plan;

    public PlanRunner(BackupPlan plan) {
        this.plan = plan;
    }

    /**
     * Writes one backup of {@code sources} to every destination.
     *
     * @param runLabels this run's labels (e.g. {@code trigger}); they win over the plan's
     */
    public Manifest backup(List<BackupSource> sources, Map<String, String> runLabels, BackupProgressListener progress) {
        return backup(sources, runLabels, progress, List.of());
    }

    /**
     * Writes one backup of {@code sources} to some destinations of the plan.
     *
     * @param destinationNames where to write it; empty for every destination. When none of them is
     *     required, they are all required for this backup: a destination chosen on purpose is not optional.
     * @since 0.3.0
     */
    public Manifest backup(List<BackupSource> sources, Map<String, String> runLabels, BackupProgressListener progress,
            List<String> destinationNames) {
        Map<String, String> labels = new LinkedHashMap<>(runLabels); // trigger first, as listings show it
        plan.labels().forEach(labels::putIfAbsent);
        List<BackupDestination> chosen = plan.destinations(destinationNames).stream().map(BackupPlan.Destination::destination).toList();
        if (chosen.isEmpty()) {
            throw new BackupConfigurationException("None of the destinations " + destinationNames + " is in the plan; its destinations are "
                    + plan.destinations().stream().map(BackupPlan.Destination::name).toList() + ".");
        }
        if (chosen.stream().noneMatch(BackupDestination::required)) {
            chosen = chosen.stream().map(d -> new BackupDestination(d.name(), d.repository(), true)).toList();
        }
        return new BackupEngine(chosen, plan.options()).backup(sources, labels, progress);
    }

    /**
     * Applies each destination's retention. A failure in one destination is reported, not thrown: the
     * new backup is complete, and a failed clean-up only means more is kept for now.
     */
    public List<RetentionOutcome> applyRetention(Instant now) {
        return applyRetention(now, List.of());
    }

    /**
     * Applies the retention of some destinations (those a backup was just written to): first each
     * labelled policy to the backups with its label, then the destination's own policy to the rest.
     *
     * @param destinationNames empty for every destination
     * @since 0.3.0
     */
    public List<RetentionOutcome> applyRetention(Instant now, List<String> destinationNames) {
        List<RetentionOutcome> outcomes = new ArrayList<>();
        for (BackupPlan.Destination destination : plan.destinations(destinationNames)) {
            Pruner pruner = new Pruner(destination.destination().repository());
            List<LabelledRetention> labelled = destination.labelled();
            for (LabelledRetention policy : labelled) {
                prune(outcomes, destination, () -> pruner.prune(policy.policy(), now, false, null, policy::covers,
                        policy.label() + "=" + policy.value()));
            }
            RetentionPolicy rest = destination.retention();
            if (rest != null) {
                Predicate<Manifest> uncovered = backup -> labelled.stream().noneMatch(policy -> policy.covers(backup));
                prune(outcomes, destination, () -> pruner.prune(rest, now, false, ORPHAN_GRACE, uncovered,
                        labelled.isEmpty() ? "" : "those of no labelled policy"));
            }
        }
        return outcomes;
    }

    private static void prune(List<RetentionOutcome> outcomes, BackupPlan.Destination destination, Supplier<Pruner.PruneResult> prune) {
        try {
            outcomes.add(new RetentionOutcome(destination.name(), prune.get(), null));
        } catch (RuntimeException | LinkageError e) {
            outcomes.add(new RetentionOutcome(destination.name(), null, e));
        }
    }

    /**
     * What retention did in one destination.
     *
     * @param result what was deleted and kept, or null when it failed
     * @param failure why it failed, or null
     */
    public record RetentionOutcome(String destination, Pruner.@Nullable PruneResult result, @Nullable Throwable failure) {}
}
