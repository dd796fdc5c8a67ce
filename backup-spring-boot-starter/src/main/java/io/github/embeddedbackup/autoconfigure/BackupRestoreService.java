package io.github.embeddedbackup.autoconfigure;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.BackupEngine;
import io.github.embeddedbackup.core.crypto.DecryptionKeys;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.repository.ResolvedBackup;
import io.github.embeddedbackup.core.manifest.SourceRecord;
import io.github.embeddedbackup.core.restore.BackupRestorer;
import io.github.embeddedbackup.core.source.RestoreOptions;
import io.github.embeddedbackup.core.restore.RestoreResult;
import io.github.embeddedbackup.core.source.BackupSource;
import io.github.embeddedbackup.core.source.RestoreTarget;
import io.github.embeddedbackup.core.source.files.FileTreeRestoreTarget;
import io.github.embeddedbackup.core.source.files.FileTreeSource;
import io.github.embeddedbackup.core.source.postgres.PgConnectionInfo;
import io.github.embeddedbackup.core.source.postgres.PgDumpSource;
import io.github.embeddedbackup.core.source.postgres.PgRestoreTarget;
import io.github.embeddedbackup.core.source.sqlite.SqliteFiles;
import io.github.embeddedbackup.core.source.sqlite.SqliteRestoreTarget;
import io.github.embeddedbackup.core.source.sqlite.SqliteSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores backups as jobs, one at a time: into the source they came from (in place) or into a
 * target on the allow-list {@code backup.restore.targets}. A target that holds data is backed up
 * first (the safety backup), so a restore never destroys the only copy of what it replaces.
 */
public class BackupRestoreService {

    private static final Logger logger = LoggerFactory.getLogger(BackupRestoreService.class);
    private static final int RECENT_JOBS = 20;

    private final BackupService backups;
    private final DecryptionKeys keys;
    private final BackupProperties.Restore settings;
    private final Clock clock;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "backup-restore");
        thread.setDaemon(true);
        return thread;
    });
    private final Deque<BackupJob> jobs = new ArrayDeque<>();
    private volatile @Nullable BackupJob running;

    public BackupRestoreService(BackupService backups, DecryptionKeys keys, BackupProperties.Restore settings, Clock clock) {
        this.backups = backups;
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
            boolean safetyBackup, int jobs) {

        public RestoreRequest {
            tables = List.copyOf(tables);
        }
    }

    /**
     * Checks the request (backup, source, target) and starts the restore.
     *
     * @throws BackupAlreadyRunningException when a restore runs
     * @throws BackupConfigurationException when the source or target cannot be used
     */
    public synchronized BackupJob restore(RestoreRequest request) {
        BackupJob current = running;
        if (current != null) {
            throw new BackupAlreadyRunningException(current, "A restore is running (job " + current.id() + ", backup "
                    + current.backupId() + "). One restore runs at a time: follow that job, then start this one.");
        }
        // "latest" may pass over newer backups whose manifests are damaged: the job says which and why.
        ResolvedBackup resolved = backups.repository().resolve(request.backupId());
        Manifest manifest = resolved.manifest();
        SourceRecord source = pickSource(manifest, request.source());
        Destination destination = resolve(source, request.target());
        if (!destination.target().accepts(source)) {
            throw new BackupConfigurationException("Target '" + destination.name() + "' (" + destination.target().describe()
                    + ") cannot take source '" + source.name() + "' of type " + source.type() + ". Choose a target of that type.");
        }
        BackupJob job = new BackupJob(BackupJob.Type.RESTORE, "api", List.of(source.name()), clock.instant());
        job.restoring(manifest.id());
        job.warnings(resolved.warnings());
        resolved.warnings().forEach(warning -> logger.warn("Restore job {}: {}", job.id(), warning));
        running = job;
        jobs.addFirst(job);
        while (jobs.size() > RECENT_JOBS) {
            jobs.removeLast();
        }
        worker.execute(() -> execute(job, manifest, source, destination, request));
        return job;
    }

    private void execute(BackupJob job, Manifest manifest, SourceRecord source, Destination destination, RestoreRequest request) {
        try {
            job.stage("checking");
            boolean holdsData = destination.exists().getAsBoolean();
            RestoreOptions options = new RestoreOptions(destination.createWhenMissing() && !holdsData, holdsData, request.jobs(),
                    request.tables(), false);
            // Key, source and target are checked here, before the safety backup and before the target is touched.
            BackupRestorer.PreparedRestore restore = new BackupRestorer(backups.repository(), keys)
                    .prepare(manifest, source.name(), destination.target(), options);
            if (holdsData && request.safetyBackup()) {
                job.stage("safety-backup");
                Manifest safety = new BackupEngine(backups.repository(), backups.options()).backup(List.of(destination.safetySource()),
                        Map.of("trigger", "safety-backup", "restore-of", manifest.id(), "target", destination.name()),
                        job::progress);
                job.safetyBackup(safety.id());
                backups.backupsChanged();
                logger.info("Safety backup of target '{}' taken before the restore. id: {}", destination.name(), safety.id());
            }
            job.stage("restoring");
            job.progress(source.name(), 0, 0); // the safety backup's figures are not this restore's
            RestoreResult result = restore.run();
            // Plain: the dump restored; stored: the stored object it was read from (compressed, maybe encrypted).
            job.succeeded(manifest.id(), result.bytes(), manifest.archive().size(), clock.instant());
            logger.info("Restore done. backup: {}, source: {}, target: {} ({}), bytes: {}", manifest.id(), source.name(),
                    destination.name(), destination.target().describe(), result.bytes());
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
            synchronized (this) {
                if (running == job) {
                    running = null;
                }
            }
            job.complete();
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
            if (!settings.isAllowInPlace()) {
                throw new BackupConfigurationException("Restoring a source into itself is switched off (backup.restore.allow-in-place=false). "
                        + "Name a target from backup.restore.targets.");
            }
            BackupSource own = backups.sources().stream().filter(candidate -> candidate.name().equals(source.name()))
                    .findFirst().orElseThrow(() -> new BackupConfigurationException("This application has no source named '"
                            + source.name() + "' to restore into. Name a target from backup.restore.targets ("
                            + targetNames() + ")."));
            return fromSource(source.name() + " (in place)", own);
        }
        BackupProperties.Source target = settings.getTargets().get(targetName);
        if (target == null) {
            throw new BackupConfigurationException("Target '" + targetName + "' is not on the allow-list backup.restore.targets ("
                    + targetNames() + "). Add it there to restore into it.");
        }
        return fromProperties(targetName, target);
    }

    private String targetNames() {
        return settings.getTargets().isEmpty() ? "empty" : String.join(", ", settings.getTargets().keySet());
    }

    private Destination fromSource(String name, BackupSource source) {
        if (source instanceof PgDumpSource pg) {
            PgRestoreTarget target = new PgRestoreTarget(pg.connection(), settings.getPgRestorePath());
            return new Destination(name, target, source, target::databaseExists, true);
        }
        if (source instanceof SqliteSource sqlite) {
            // Live: the file may be open (the application's own pool); it is overwritten through SQLite, not replaced.
            return new Destination(name, SqliteRestoreTarget.live(sqlite.file()), source, () -> Files.exists(sqlite.file()), false);
        }
        if (source instanceof FileTreeSource files) {
            return new Destination(name, new FileTreeRestoreTarget(files.root()), source, () -> Files.exists(files.root()), false);
        }
        throw new BackupConfigurationException("Source '" + source.name() + "' (" + source.type() + ") cannot be restored in place "
                + "by this version. Name a target from backup.restore.targets.");
    }

    private Destination fromProperties(String name, BackupProperties.Source target) {
        String property = "backup.restore.targets." + name;
        if (target.getPath() != null) {
            Path folder = Path.of(target.getPath());
            return fromSource(name, new FileTreeSource(name, folder));
        }
        String url = target.getUrl();
        if (url != null && url.startsWith("jdbc:postgresql:")) {
            return fromSource(name, new PgDumpSource(name, PgConnectionInfo.fromJdbcUrl(url, target.getUsername(), target.getPassword()),
                    "pg_dump", true));
        }
        if (url != null && url.startsWith("jdbc:sqlite:")) {
            return fromSource(name, new SqliteSource(name, SqliteFiles.pathFromJdbcUrl(url)));
        }
        throw new BackupConfigurationException(property + " needs url (jdbc:postgresql:… or jdbc:sqlite:…) or path (a folder).");
    }

    /**
     * A place to restore into, and how to back it up first.
     *
     * @param exists whether it holds data now (asked once per restore: for PostgreSQL it is a query)
     * @param createWhenMissing a PostgreSQL database that does not exist is created
     */
    private record Destination(String name, RestoreTarget target, BackupSource safetySource, BooleanSupplier exists,
            boolean createWhenMissing) {}

    /** The restore that runs now, or null. */
    public @Nullable BackupJob runningJob() {
        return running;
    }

    public Optional<BackupJob> job(String id) {
        synchronized (this) {
            return jobs.stream().filter(job -> job.id().equals(id)).findFirst();
        }
    }

    /** Stops taking restores; a running one finishes (pg_restore in one transaction cannot be cut safely midway). */
    public void shutdown() {
        worker.shutdown();
    }
}
