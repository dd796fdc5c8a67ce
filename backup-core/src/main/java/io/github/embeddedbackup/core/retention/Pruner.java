package io.github.embeddedbackup.core.retention;

import io.github.embeddedbackup.core.repository.BackupListing;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.manifest.Manifest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a retention policy to a storage: deletes what the plan says (manifest first, then archive),
 * then the leftovers of interrupted backups older than a grace period. Manifests it cannot read are
 * never counted and never deleted.
 */
public final class Pruner {

    private static final Logger logger = LoggerFactory.getLogger(Pruner.class);

    private final BackupRepository repository;

    public Pruner(BackupRepository repository) {
        this.repository = repository;
    }

    /**
     * @param dryRun only plan; delete nothing
     * @param orphanGrace interrupted backups younger than this are left alone
     */
    public PruneResult prune(RetentionPolicy policy, Instant now, boolean dryRun, Duration orphanGrace) {
        return prune(policy, now, dryRun, orphanGrace, backup -> true, "");
    }

    /**
     * Applies {@code policy} to the backups in {@code scope} only: the others are neither counted nor deleted
     * (they belong to another policy, e.g. another schedule's).
     *
     * @param orphanGrace interrupted backups younger than this are left alone; null: leave orphans to another call
     * @param scopeName what the scope is, for the log (e.g. "schedule=hourly"); empty for every backup
     * @since 0.3.0
     */
    public PruneResult prune(RetentionPolicy policy, Instant now, boolean dryRun, @Nullable Duration orphanGrace, Predicate<Manifest> scope,
            String scopeName) {
        BackupListing listing = repository.list();
        List<Manifest> inScope = listing.backups().stream().filter(scope).toList();
        Map<String, Manifest> byId = inScope.stream().collect(Collectors.toMap(Manifest::id, Function.identity()));
        RetentionPlan plan = policy.apply(inScope.stream().map(BackupSummary::of).toList(), now);
        if (dryRun) {
            return new PruneResult(plan, List.of(), listing.problems(), true);
        }
        for (RetentionPlan.Decision decision : plan.delete()) {
            repository.delete(byId.get(decision.backup().id()));
        }
        List<String> orphans = orphanGrace == null ? List.of() : repository.removeOrphans(orphanGrace, now);
        logger.info("Retention applied. kept: {}, deleted: {}, orphansRemoved: {}, storage: {}{}", plan.keep().size(), plan.delete().size(),
                orphans.size(), repository.storage().describe(), scopeName.isEmpty() ? "" : ", backups: " + scopeName);
        return new PruneResult(plan, orphans, listing.problems(), false);
    }

    /**
     * @param plan what was kept and deleted (or would be, in a dry run)
     * @param orphansRemoved archives of interrupted backups that were removed
     * @param skipped manifests that could not be read and were left alone
     * @param dryRun whether nothing was deleted
     */
    public record PruneResult(RetentionPlan plan, List<String> orphansRemoved, List<String> skipped, boolean dryRun) {}
}
