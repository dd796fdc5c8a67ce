package io.github.embeddedbackup.runtime;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.crypto.DecryptionKeys;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.manifest.SourceRecord;
import io.github.embeddedbackup.core.repository.ResolvedBackup;
import io.github.embeddedbackup.core.restore.BackupRestorer;
import io.github.embeddedbackup.core.restore.RestoreResult;
import io.github.embeddedbackup.core.source.ExistingTarget;
import io.github.embeddedbackup.core.source.RestoreOptions;
import io.github.embeddedbackup.core.source.RestoreTarget;
import io.github.embeddedbackup.core.source.SourceSpec;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores backups as jobs of the one {@link JobRunner}, the backup service's: into the source they came
 * from (in place) or into a target on the allow-list {@code backup.restore.targets}. A target that
 * holds data is backed up first (the safety backup, a backup job like any other), so a restore never
 * destroys the only copy of what it replaces. Targets are opened by the installed source providers.
 */
public class BackupRestoreService {

    private static final Logger logger = LoggerFactory.getLogger(BackupRestoreService.class);

    private final BackupService backups;
    private final JobRunner jobs;
    private final DecryptionKeys keys;
    private final RestoreSettings settings;
    private final Clock clock;

    /** @param backups takes the safety backups; its job runner runs the restores */
    public BackupRestoreService(BackupService backups, DecryptionKeys keys, RestoreSettings settings, Clock clock) {
        this.backups = backups;
        this.jobs = backups.jobs();
        this.keys = keys;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * What to restore.
     *
     * @param backupId the backup
     * @param source which of its sources; null when it has one
     * @param target a name from {@code backup.restore.targets}, or null for the source itself (in place)
     * @param tables only these tables (PostgreSQL); empty for all
     * @param safetyBackup back up the target first when it holds data
     * @param jobs parallel pg_restore jobs (1: one transaction)
     */
    public record RestoreRequest(String backupId, @Nullable String source, @Nullable String target, List<String> tables,
            boolean safetyBackup, int jobs, @Nullable String requestedBy) {

        public RestoreRequest {
            tables = List.copyOf(tables);
        }

        /** A request whose caller is not known. */
        public RestoreRequest(String backupId, @Nullable String source, @Nullable String target, List<String> tables, boolean safetyBackup,
                int jobs) {
            this(backupId, source, target, tables, safetyBackup, jobs, null);
        }
    }

    /**
     * Checks the request (backup, source, target) and starts the restore.
     *
     * @throws BackupAlreadyRunningException when a restore runs
     * @throws BackupConfigurationException when the source or target cannot be used
     */
    public synchronized BackupJob restore(RestoreRequest request) {
        BackupJob current = jobs.running();
        if (current != null) {
            throw busy(current);
        }
        // "latest" may pass over newer backups whose manifests are damaged: the job says which and why.
        ResolvedBackup resolved = backups.repository().resolve(request.backupId());
        Manifest manifest = resolved.manifest();
        SourceRecord source = pickSource(manifest, request.source());
        Destination destination = resolve(source, request.target());
        if (!destination.target().target().accepts(source)) {
            throw new BackupConfigurationException("Target '" + destination.name() + "' (" + destination.target().target().describe()
                    + ") cannot take source '" + source.name() + "' of type " + source.type() + ". Choose a target of that type.");
        }
        BackupJob job = new BackupJob(BackupJob.Type.RESTORE, "api", List.of(source.name()), clock.instant());
        job.restoring(manifest.id());
        job.restoreOf(request.requestedBy(), destination.name());
        job.warnings(resolved.warnings());
        resolved.warnings().forEach(warning -> logger.warn("Restore job {}: {}", job.id(), warning));
        return jobs.submit(job, running -> execute(running, manifest, source, destination, request), running -> {
            throw busy(running);
        });
    }

    private static BackupAlreadyRunningException busy(BackupJob current) {
        return new BackupAlreadyRunningException(current, (current.type() == BackupJob.Type.RESTORE ? "A restore is running (job "
                + current.id() + ", backup " + current.backupId() + "). One restore runs at a time"
                : (current.type() == BackupJob.Type.DRILL ? "A drill" : "A backup") + " is running (job " + current.id()
                + "). Backups, restores and drills run one at a time")
                + ": follow that job, then start this one.");
    }

    private void execute(BackupJob job, Manifest manifest, SourceRecord source, Destination destination, RestoreRequest request) {
        RestoreTarget target = destination.target().target();
        try {
            job.stage("checking");
            boolean holdsData = destination.target().holdsData().getAsBoolean();
            RestoreOptions options = new RestoreOptions(destination.target().createWhenMissing() && !holdsData, holdsData, request.jobs(),
                    request.tables(), false);
            // Key, source and target are checked here, before the safety backup and before the target is touched.
            BackupRestorer.PreparedRestore restore = new BackupRestorer(backups.repository(), keys)
                    .prepare(manifest, source.name(), target, options);
            if (holdsData && request.safetyBackup()) {
                job.stage("safety-backup");
                String safety = backups.safetyBackup(destination.target().safetySource(),
                        Map.of("restore-of", manifest.id(), "target", destination.name()), job);
                job.safetyBackup(safety);
                backups.history().backupsChanged();
                logger.info("Safety backup of target '{}' taken before the restore. id: {}", destination.name(), safety);
            }
            job.stage("restoring");
            job.progress(source.name(), 0, 0); // the safety backup's figures are not this restore's
            RestoreResult result = restore.run();
            // Plain: the dump restored; stored: the stored object it was read from (compressed, maybe encrypted).
            job.succeeded(manifest.id(), result.bytes(), manifest.archive().size(), clock.instant());
            logger.info("Restore done. backup: {}, source: {}, target: {} ({}), bytes: {}", manifest.id(), source.name(),
                    destination.name(), target.describe(), result.bytes());
        } catch (RuntimeException | Error e) {
            // Every job ends with a status, an Error included.
            String state = job.stage().equals("restoring") ? "" : " The target was not changed.";
            String cause = e instanceof Error ? "Restore stopped on an internal error: " + e.getClass().getName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "." : StarterMessages.of(e);
            String message = cause + (job.safetyBackupId() != null
                    ? " The target's content before the restore is in backup " + job.safetyBackupId() + "." : state);
            job.failed(message, clock.instant());
            logger.error("Restore failed. job: {}, backup: {}, target: {}, error: {}", job.id(), manifest.id(), destination.name(), message);
            logger.debug("Restore failure", e);
            if (e instanceof VirtualMachineError fatal) {
                throw fatal;
            }
        } finally {
            backups.restoreFinished(job);
        }
    }

    private static SourceRecord pickSource(Manifest manifest, @Nullable String name) {
        if (name != null) {
            return manifest.source(name).orElseThrow(() -> new BackupConfigurationException("Backup " + manifest.id()
                    + " has no source named '" + name + "'. It has: " + names(manifest) + "."));
        }
        if (manifest.sources().size() != 1) {
            throw new BackupConfigurationException("Backup " + manifest.id() + " has several sources (" + names(manifest)
                    + "); say which one to restore with \"source\".");
        }
        return manifest.sources().get(0);
    }

    private static String names(Manifest manifest) {
        return String.join(", ", manifest.sources().stream().map(SourceRecord::name).toList());
    }

    private Destination resolve(SourceRecord source, @Nullable String targetName) {
        if (targetName == null) {
            if (!settings.allowInPlace()) {
                throw new BackupConfigurationException("Restoring a source into itself is switched off (backup.restore.allow-in-place=false). "
                        + "Name a target from backup.restore.targets.");
            }
            boolean known = backups.sources().stream().anyMatch(candidate -> candidate.name().equals(source.name()));
            if (!known) {
                throw new BackupConfigurationException("This application has no source named '" + source.name() + "' to restore into. "
                        + "Name a target from backup.restore.targets (" + targetNames() + ").");
            }
            RestoreSettings.Place own = settings.inPlace().get(source.name());
            if (own == null) {
                throw new BackupConfigurationException("Source '" + source.name() + "' comes from a BackupSource bean of the application, "
                        + "which the starter cannot restore into in place. Name a target from backup.restore.targets.");
            }
            return open(source.name() + " (in place)", withRestoreTool(own.spec()), own.property());
        }
        RestoreSettings.Place target = settings.targets().get(targetName);
        if (target == null) {
            throw new BackupConfigurationException("Target '" + targetName + "' is not on the allow-list backup.restore.targets ("
                    + targetNames() + "). Add it there to restore into it.");
        }
        return open(targetName, withRestoreTool(target.spec()), target.property());
    }

    /** The former global backup.restore.pg-restore-path, where a source sets no restore tool of its own. */
    private SourceSpec withRestoreTool(SourceSpec spec) {
        String pgRestorePath = settings.pgRestorePath();
        if (spec.settings().restoreTool() != null || pgRestorePath == null || !spec.provider().type().equals("postgresql")) {
            return spec;
        }
        return new SourceSpec(spec.name(), spec.uri(), spec.settings().withTools(spec.settings().dumpTool(), pgRestorePath));
    }

    private static Destination open(String name, SourceSpec spec, String prefix) {
        try {
            return new Destination(name, spec.provider().existing(spec.name(), spec.uri(), spec.settings()));
        } catch (BackupConfigurationException e) {
            throw new BackupConfigurationException(prefix + ": " + e.getMessage(), e);
        }
    }

    /**
     * Where restores may go, for a caller choosing one: the allow-listed targets with their type, and the
     * sources that can be restored into themselves (empty when in-place restores are switched off).
     */
    public Places places() {
        List<Places.Target> targets = new java.util.ArrayList<>();
        settings.targets().forEach((name, place) -> targets.add(new Places.Target(name, typeOf(place.spec()))));
        return new Places(targets, settings.allowInPlace() ? List.copyOf(settings.inPlace().keySet()) : List.of());
    }

    /**
     * @param targets the allow-list {@code backup.restore.targets}, in the order configured
     * @param inPlace the sources that may be restored into themselves
     */
    public record Places(List<Target> targets, List<String> inPlace) {

        /** @param type the kind of place (postgresql, sqlite, mysql, directory, …), or "unknown" */
        public record Target(String name, String type) {}
    }

    private static String typeOf(SourceSpec spec) {
        try {
            return spec.provider().type();
        } catch (RuntimeException e) {
            return "unknown"; // a URI no installed provider takes: the restore itself says why
        }
    }

    private String targetNames() {
        return settings.targets().isEmpty() ? "empty" : String.join(", ", settings.targets().keySet());
    }

    /** A place to restore into, and how to back it up first. */
    private record Destination(String name, ExistingTarget target) {}

    /** The restore that runs now, or null. */
    public @Nullable BackupJob runningJob() {
        BackupJob running = jobs.running();
        return running != null && running.type() == BackupJob.Type.RESTORE ? running : null;
    }

    public Optional<BackupJob> job(String id) {
        return jobs.job(id).filter(job -> job.type() == BackupJob.Type.RESTORE);
    }
}
