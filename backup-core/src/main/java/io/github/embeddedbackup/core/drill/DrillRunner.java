package io.github.embeddedbackup.core.drill;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.manifest.BackupOpener;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.manifest.SourceRecord;
import io.github.embeddedbackup.core.manifest.TableRecord;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.repository.ResolvedBackup;
import io.github.embeddedbackup.core.restore.BackupRestorer;
import io.github.embeddedbackup.core.source.InterruptedOperationException;
import io.github.embeddedbackup.core.source.ScratchCheck;
import io.github.embeddedbackup.core.source.ScratchTarget;
import io.github.embeddedbackup.core.crypto.DecryptionKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs restore drills: each source of a backup is restored into a new scratch place, checked against
 * the manifest, and the scratch place is removed again — also when the restore or a check fails or the
 * thread is interrupted. The restore time, summed over the sources, is the backup's measured RTO.
 *
 * <p>Checks: the restore succeeded; every table's restored row count equals the manifest's (a missing
 * table counts -1); then the source kind's own checks ({@link ScratchTarget#extraChecks(SourceRecord)}: SQLite's
 * {@code integrity_check}, every restored file's size and SHA-256 for folders, PostgreSQL's schemas,
 * sequence and large-object counts against the manifest's properties).
 */
public final class DrillRunner {

    private static final Logger logger = LoggerFactory.getLogger(DrillRunner.class);
    /** Older than any drill that may still run: a scratch place this old belongs to a drill that was killed. */
    static final Duration LEFTOVER_AGE = Duration.ofHours(1);

    private final BackupRestorer restorer;
    private final DecryptionKeys keys;

    /** @param keys what may open encrypted backups ({@link DecryptionKeys#none()} for plain ones) */
    public DrillRunner(BackupRepository repository, DecryptionKeys keys) {
        this.restorer = new BackupRestorer(repository, keys);
        this.keys = keys;
    }

    public DrillResult drill(ResolvedBackup backup, List<String> sourceNames, ScratchFactory scratches, Clock clock) {
        return drill(backup.manifest(), sourceNames, scratches, clock);
    }

    /**
     * Drills the sources named (all of the backup's when {@code sourceNames} is empty).
     *
     * @throws BackupConfigurationException when a source named is not in the backup, or the backup is
     *     encrypted and the keys do not open it: nothing was restored then
     */
    public DrillResult drill(Manifest stored, List<String> sourceNames, ScratchFactory scratches, Clock clock) {
        Instant drilledAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Manifest manifest = BackupOpener.open(stored, keys).manifest(); // the tables of an encrypted backup are sealed
        List<SourceRecord> sources = chosen(manifest, sourceNames);
        List<DrillCheck> checks = new ArrayList<>();
        Duration rto = Duration.ZERO;
        logger.info("Drill started. id: {}, sources: {}", manifest.id(), sources.stream().map(SourceRecord::name).toList());
        for (SourceRecord source : sources) {
            rto = rto.plus(drill(stored, source, scratches, checks));
        }
        Duration age = Duration.between(manifest.finishedAt(), drilledAt);
        DrillResult result = new DrillResult(manifest.id(), drilledAt, age.isNegative() ? Duration.ZERO : age, rto, checks);
        logger.info("Drill finished. id: {}, ok: {}, rto: {} s, failed checks: {}", manifest.id(), result.ok(), seconds(rto),
                result.failures().size());
        return result;
    }

    /** Restores and checks one source, adding its checks; returns the restore time (zero when it could not start). */
    private Duration drill(Manifest stored, SourceRecord source, ScratchFactory scratches, List<DrillCheck> checks) {
        String name = source.name();
        ScratchTarget scratch;
        try {
            scratch = scratches.open(source);
        } catch (RuntimeException e) {
            checks.add(DrillCheck.failed(name, "restore", "no scratch place: " + e.getMessage()));
            return Duration.ZERO;
        }
        String where = scratch.toString();
        List<String> leftovers = scratch.removeLeftovers(Instant.now().minus(LEFTOVER_AGE));
        if (!leftovers.isEmpty()) {
            logger.warn("Drill removed the scratch places of earlier drills that were killed: {}", leftovers);
        }
        Duration took = Duration.ZERO;
        try {
            long started = System.nanoTime();
            try {
                restorer.prepare(stored, name, scratch.target(), scratch.options()).run();
            } catch (InterruptedOperationException e) {
                throw e;
            } catch (RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw e; // stopped, not failed: no record of a drill that did not run to its end
                }
                took = Duration.ofNanos(System.nanoTime() - started);
                checks.add(DrillCheck.failed(name, "restore", "into " + where + " failed: " + e.getMessage()));
                return took;
            }
            took = Duration.ofNanos(System.nanoTime() - started);
            checks.add(DrillCheck.passed(name, "restore", "into " + where + " in " + seconds(took) + " s"));
            checkRowCounts(source, scratch, checks);
            for (ScratchCheck check : scratch.extraChecks(source)) {
                checks.add(new DrillCheck(name, check.name(), check.ok(), check.detail()));
            }
        } finally {
            scratch.close();
            checkRemoved(name, scratch, where, checks);
        }
        return took;
    }

    private static void checkRowCounts(SourceRecord source, ScratchTarget scratch, List<DrillCheck> checks) {
        if (source.tables().isEmpty()) {
            return;
        }
        Map<String, Long> restored;
        try {
            restored = scratch.rowCounts(source.tables());
        } catch (RuntimeException e) {
            checks.add(DrillCheck.failed(source.name(), "rows", "could not count the restored rows: " + e.getMessage()));
            return;
        }
        int equal = 0;
        for (TableRecord table : source.tables()) {
            long count = restored.getOrDefault(table.name(), -1L);
            if (count < 0) {
                checks.add(DrillCheck.failed(source.name(), "rows " + table.name(), "table " + table.name() + " is missing after the "
                        + "restore; the manifest records " + table.rows() + " rows"));
            } else if (count != table.rows()) {
                checks.add(DrillCheck.failed(source.name(), "rows " + table.name(), "table " + table.name() + " has " + count
                        + " rows after the restore; the manifest records " + table.rows()));
            } else {
                equal++;
            }
        }
        if (equal == source.tables().size()) {
            int tables = source.tables().size();
            checks.add(DrillCheck.passed(source.name(), "rows", tables + (tables == 1 ? " table, " : " tables, ")
                    + source.tables().stream().mapToLong(TableRecord::rows).sum() + " rows: every count equals the manifest's"));
        }
    }

    /** Closing removes the scratch place; one that is still there is a failed check, so a leftover never goes unnoticed. */
    private static void checkRemoved(String source, ScratchTarget scratch, String where, List<DrillCheck> checks) {
        try {
            if (scratch.exists()) {
                checks.add(DrillCheck.failed(source, "cleanup", where + " is still there: remove it by hand"));
            }
        } catch (RuntimeException e) {
            logger.warn("Could not check that {} was removed: {}", where, e.getMessage());
        }
    }

    private static List<SourceRecord> chosen(Manifest manifest, List<String> names) {
        if (names.isEmpty()) {
            return manifest.sources();
        }
        List<SourceRecord> chosen = new ArrayList<>();
        for (String name : names) {
            chosen.add(manifest.source(name).orElseThrow(() -> new BackupConfigurationException("Backup " + manifest.id()
                    + " has no source '" + name + "'; it has " + manifest.sources().stream().map(s -> "'" + s.name() + "'").toList()
                    + ".")));
        }
        return chosen;
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f", duration.toMillis() / 1000.0);
    }
}
