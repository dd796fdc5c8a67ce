package io.github.embeddedbackup.cli;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.BackupException;
import io.github.embeddedbackup.core.drill.DrillCheck;
import io.github.embeddedbackup.core.drill.DrillRecords;
import io.github.embeddedbackup.core.drill.DrillResult;
import io.github.embeddedbackup.core.drill.DrillRunner;
import io.github.embeddedbackup.core.drill.ScratchFactory;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.manifest.SourceRecord;
import io.github.embeddedbackup.core.notify.EventType;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.repository.ResolvedBackup;
import io.github.embeddedbackup.core.retention.HumanDurations;
import io.github.embeddedbackup.core.source.SourceProviders;
import io.github.embeddedbackup.core.source.SourceSettings;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "drill", description = {"Restore a backup into a scratch place, check it against its manifest, remove the scratch place "
        + "and record the result with the restore time (RTO).",
        "Exit code 0 when every check passed, 1 when one failed."})
final class DrillCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StorageOption storage;

    @Mixin
    KeyOptions.Decrypting keys;

    @Parameters(index = "0", paramLabel = "ID|latest", description = "The backup to drill.")
    String id;

    @Option(names = "--scratch", paramLabel = "JDBC-URL",
            description = {"A server (and database) used only to create and drop the drill database, e.g. "
                    + "jdbc:postgresql://host:5432/postgres?user=name. Needed for PostgreSQL and MySQL/MariaDB sources; SQLite "
                    + "and folder sources are drilled in a temporary file or folder."})
    @Nullable String scratch;

    @Option(names = "--source", paramLabel = "NAME", description = "Drill only this source of the backup (repeatable; default: all).")
    List<String> sources = new ArrayList<>();

    @Option(names = {"--restore-tool", "--pg-restore-path"}, paramLabel = "PATH",
            description = "The restore program (default: the source's own, e.g. pg_restore or mariadb on the PATH).")
    @Nullable String restoreTool;

    @Mixin
    NotifyOptions notify;

    @Override
    public Integer call() {
        try (CliNotifications notifications = notify.open(spec.commandLine().getErr(), "drill")) {
            try {
                BackupRepository repository = storage.existingRepository();
                ResolvedBackup backup = repository.resolve(id);
                backup.warnings().forEach(warning -> spec.commandLine().getErr().println("warning: " + warning));
                requireScratchWhereNeeded(backup.manifest());
                DrillResult result = new DrillRunner(repository, keys.keys()).drill(backup, sources, ScratchFactory.of(SourceProviders.installed(),
                        scratch, SourceSettings.none().withTools(null, restoreTool)), Clock.systemUTC());
                print(result);
                record(repository, result);
                if (!result.ok()) {
                    notifications.publish(notifications.event(EventType.DRILL_FAILED).backupId(result.backupId()).duration(result.rto())
                            .error(CliHints.redact(String.join("; ", result.failures().stream().limit(10)
                                    .map(check -> check.source() + ": " + check.name() + ": " + check.detail()).toList())))
                            .detail("checks", result.checks().size()).detail("failed", result.failures().size()));
                    return BackupCli.EXIT_FAILED;
                }
                return 0;
            } catch (RuntimeException e) {
                notifications.publish(notifications.event(EventType.DRILL_FAILED).backupId(id).error(CliHints.redact(BackupCli.message(e))));
                throw e;
            }
        }
    }

    /** Refuses before anything is restored when a database source would need a server and none was given. */
    private void requireScratchWhereNeeded(Manifest manifest) {
        if (scratch != null && !scratch.isBlank()) {
            return;
        }
        for (SourceRecord source : manifest.sources()) {
            if ((sources.isEmpty() || sources.contains(source.name())) && ScratchFactory.needsScratchUrl(source.type())) {
                throw new BackupConfigurationException("Source '" + source.name() + "' of backup " + manifest.id() + " is a "
                        + source.type() + " database: the drill restores it into a new database on a server you name. Give --scratch "
                        + "with a server (and database) used only to create and drop the drill database, e.g. --scratch "
                        + example(source.type()) + ".");
            }
        }
    }

    private static String example(String type) {
        return SourceProviders.installed().forType(type).map(provider -> provider.examples().get(0)).orElse("JDBC-URL");
    }

    private void print(DrillResult result) {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Drill of backup " + result.backupId() + " (" + HumanDurations.format(result.backupAge().withNanos(0)) + " old):");
        for (DrillCheck check : result.checks()) {
            out.println("  " + (check.ok() ? "OK    " : "FAILED") + "  " + check.source() + ": " + check.name() + " - " + check.detail());
        }
        out.println(String.format(Locale.ROOT, "RTO %.1f s", result.rto().toMillis() / 1000.0));
        out.println(result.ok() ? "Drill passed: " + result.checks().size() + " checks."
                : "Drill FAILED: " + result.failures().size() + " of " + result.checks().size() + " checks failed.");
    }

    /** A drill whose record cannot be stored still reports its checks; the record's loss is a warning. */
    private void record(BackupRepository repository, DrillResult result) {
        try {
            String key = new DrillRecords(repository.storage()).save(result.toRecord());
            spec.commandLine().getErr().println("Drill recorded as " + key + ".");
        } catch (BackupException e) {
            spec.commandLine().getErr().println("warning: " + e.getMessage());
        }
    }
}
