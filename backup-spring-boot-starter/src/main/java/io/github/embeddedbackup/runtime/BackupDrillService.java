package io.github.embeddedbackup.runtime;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.drill.DrillCheck;
import io.github.embeddedbackup.core.drill.DrillRecords;
import io.github.embeddedbackup.core.drill.DrillResult;
import io.github.embeddedbackup.core.drill.DrillRunner;
import io.github.embeddedbackup.core.drill.ScratchFactory;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.repository.ResolvedBackup;
import io.github.embeddedbackup.core.source.SourceProviders;
import io.github.embeddedbackup.core.source.SourceSettings;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs restore drills as jobs of the one {@link JobRunner}, the backup service's: a backup is restored into
 * a scratch place (a temporary file or folder, or a new database on the server {@code scratchUrl} names),
 * checked, and the place dropped. The outcome is stored next to the backup (see {@link DrillRecords}) and
 * told to the listeners; a drill that fails fails its job.
 */
public class BackupDrillService {

    private static final Logger logger = LoggerFactory.getLogger(BackupDrillService.class);

    private final BackupService backups;
    private final JobRunner jobs;
    private final SourceProviders providers;
    private final Settings settings;
    private final Clock clock;
    private volatile @Nullable DrillResult lastResult;

    /**
     * Where drills restore to.
     *
     * @param scratchUrl a database server used only to create and drop drill databases (PostgreSQL, MySQL); null when only
     *     SQLite and folder sources are drilled
     * @param username the scratch server's user, or null
     * @param password the scratch server's password, or null
     * @param sources the sources drilled; empty for all of the backup's
     */
    public record Settings(@Nullable String scratchUrl, @Nullable String username, @Nullable String password, List<String> sources) {

        public Settings {
            sources = sources == null ? List.of() : List.copyOf(sources);
        }

        /** No scratch server, every source: enough for SQLite and folders. */
        public static Settings local() {
            return new Settings(null, null, null, List.of());
        }

        @Override
        public String toString() {
            return "Settings[scratchUrl=" + (scratchUrl == null ? null : SourceProviders.installed().redact(scratchUrl)) + ", username="
                    + username + ", password=" + (password == null ? null : "***") + ", sources=" + sources + "]";
        }
    }

    /** @param providers opens scratch places (the application's class loader's providers) */
    public BackupDrillService(BackupService backups, SourceProviders providers, Settings settings, Clock clock) {
        this.backups = backups;
        this.jobs = backups.jobs();
        this.providers = providers;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Starts a drill of a backup.
     *
     * @param backupId the backup's id, or {@code latest}
     * @param trigger what asked for it: {@code api}, {@code schedule}
     * @throws BackupAlreadyRunningException when a job (backup, restore, drill) runs
     */
    public synchronized BackupJob drill(String backupId, String trigger) {
        BackupJob current = jobs.running();
        if (current != null) {
            throw busy(current);
        }
        ResolvedBackup resolved = backups.repository().resolve(backupId);
        Manifest manifest = resolved.manifest();
        BackupJob job = new BackupJob(BackupJob.Type.DRILL, trigger, settings.sources(), clock.instant());
        job.restoring(manifest.id());
        job.warnings(resolved.warnings());
        resolved.warnings().forEach(warning -> logger.warn("Drill job {}: {}", job.id(), warning));
        return jobs.submit(job, running -> execute(running, manifest), running -> {
            throw busy(running);
        });
    }

    private static BackupAlreadyRunningException busy(BackupJob current) {
        String what = switch (current.type()) {
            case BACKUP -> "A backup";
            case RESTORE -> "A restore";
            case DRILL -> "A drill";
        };
        return new BackupAlreadyRunningException(current, what + " is running (job " + current.id() + "). Backups, restores and drills "
                + "run one at a time: follow that job, then start this one.");
    }

    private void execute(BackupJob job, Manifest manifest) {
        DrillResult result = null;
        try {
            job.stage("drilling");
            requireScratchWhereNeeded(manifest);
            ScratchFactory scratches = ScratchFactory.of(providers, settings.scratchUrl(),
                    SourceSettings.none().withCredentials(settings.username(), settings.password()));
            result = new DrillRunner(backups.repository(), backups.decryptionKeys()).drill(manifest, settings.sources(), scratches, clock);
            lastResult = result;
            record(result);
            if (result.ok()) {
                job.succeeded(manifest.id(), 0, manifest.archive().size(), clock.instant());
                logger.info("Drill passed. backup: {}, checks: {}, rto: {}", manifest.id(), result.checks().size(), result.rto());
            } else {
                job.failed("The drill failed " + result.failures().size() + " of " + result.checks().size() + " checks: "
                        + describe(result.failures()), clock.instant());
                logger.error("Drill failed. job: {}, backup: {}, error: {}", job.id(), manifest.id(), job.error());
            }
        } catch (RuntimeException | Error e) {
            String message = e instanceof Error ? "Drill stopped on an internal error: " + e.getClass().getName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "." : StarterMessages.of(e);
            job.failed(message, clock.instant());
            logger.error("Drill could not run. job: {}, backup: {}, error: {}", job.id(), manifest.id(), message);
            logger.debug("Drill failure", e);
            if (e instanceof VirtualMachineError fatal) {
                throw fatal;
            }
        } finally {
            backups.drillFinished(job, result);
        }
    }

    /** Says before anything runs which setting is missing: a database source is drilled on a server the application names. */
    private void requireScratchWhereNeeded(Manifest manifest) {
        if (settings.scratchUrl() != null) {
            return;
        }
        List<String> needing = manifest.sources().stream()
                .filter(source -> settings.sources().isEmpty() || settings.sources().contains(source.name()))
                .filter(source -> ScratchFactory.needsScratchUrl(source.type())).map(source -> source.name() + " (" + source.type() + ")")
                .toList();
        if (!needing.isEmpty()) {
            throw new BackupConfigurationException("Backup " + manifest.id() + " holds database sources: " + String.join(", ", needing)
                    + ". A drill restores them into a new database on a server used only for drills: set backup.drill.scratch-url (with "
                    + "backup.drill.username and backup.drill.password), or limit backup.drill.sources to SQLite and folder sources.");
        }
    }

    /** Stores the outcome next to the backup; a storage that refuses it does not change the drill's outcome. */
    private void record(DrillResult result) {
        try {
            new DrillRecords(backups.repository().storage()).save(result.toRecord());
        } catch (RuntimeException e) {
            logger.warn("Drill of backup {} could not be recorded in the storage: {}", result.backupId(), StarterMessages.of(e));
        }
    }

    /** The failed checks in words, e.g. {@code app: rows "orders": expected 3, found 2}. */
    public static String describe(List<DrillCheck> failures) {
        return failures.stream().map(check -> check.source() + ": " + check.name() + ": " + check.detail()).collect(Collectors.joining("; "));
    }

    /** The last drill this application ran since it started, or null. */
    public @Nullable DrillResult lastResult() {
        return lastResult;
    }

    /** The drill that runs now, or null. */
    public @Nullable BackupJob runningJob() {
        BackupJob running = jobs.running();
        return running != null && running.type() == BackupJob.Type.DRILL ? running : null;
    }

    public Optional<BackupJob> job(String id) {
        return jobs.job(id).filter(job -> job.type() == BackupJob.Type.DRILL);
    }
}
