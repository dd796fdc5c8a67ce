package io.github.embeddedbackup.core.plan;

import io.github.embeddedbackup.core.BackupEngine;
import io.github.embeddedbackup.core.BackupProgressListener;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.retention.Pruner;
import io.github.embeddedbackup.core.source.BackupSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        Map<String, String> labels = new LinkedHashMap<>(runLabels); // trigger first, as listings show it
        plan.labels().forEach(labels::putIfAbsent);
        return new BackupEngine(plan.destinations().stream().map(BackupPlan.Destination::destination).toList(), plan.options())
                .backup(sources, labels, progress);
    }

    /**
     * Applies each destination's retention. A failure in one destination is reported, not thrown: the
     * new backup is complete, and a failed clean-up only means more is kept for now.
     */
    public List<RetentionOutcome> applyRetention(Instant now) {
        List<RetentionOutcome> outcomes = new ArrayList<>();
        for (BackupPlan.Destination destination : plan.destinations()) {
            if (destination.retention() == null) {
                continue;
            }
            try {
                outcomes.add(new RetentionOutcome(destination.name(), new Pruner(destination.destination().repository())
                        .prune(destination.retention(), now, false, ORPHAN_GRACE), null));
            } catch (RuntimeException | LinkageError e) {
                outcomes.add(new RetentionOutcome(destination.name(), null, e));
            }
        }
        return outcomes;
    }

    /**
     * What retention did in one destination.
     *
     * @param result what was deleted and kept, or null when it failed
     * @param failure why it failed, or null
     */
    public record RetentionOutcome(String destination, Pruner.@Nullable PruneResult result, @Nullable Throwable failure) {}
}
