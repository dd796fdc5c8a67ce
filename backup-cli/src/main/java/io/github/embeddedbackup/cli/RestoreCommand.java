package io.github.embeddedbackup.cli;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.notify.EventType;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.repository.ResolvedBackup;
import io.github.embeddedbackup.core.restore.BackupRestorer;
import io.github.embeddedbackup.core.source.RestoreOptions;
import io.github.embeddedbackup.core.restore.RestoreResult;
import io.github.embeddedbackup.core.source.SourceSettings;
import org.jspecify.annotations.Nullable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "restore", description = {"Restore one source of a backup into a database or file.",
        "PostgreSQL: into a new database (--create) or an empty existing one; --clean replaces the backed-up objects.",
        "MySQL/MariaDB: into a new database (--create) or an empty existing one; --clean drops and recreates the database (see docs/mysql.md).",
        "SQLite: into a new file; --clean replaces an existing file (stop the application first).",
        "A folder: into a new or empty folder; --clean replaces its content."})
final class RestoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StorageOption storage;

    @Mixin
    KeyOptions.Decrypting keys;

    @Parameters(index = "0", paramLabel = "ID|latest", description = "The backup to restore.")
    String id;

    @Option(names = "--target", required = true, paramLabel = "URI",
            description = "Where to restore: jdbc:postgresql://host:5432/newdb?user=name, jdbc:mariadb://host:3306/newdb?user=name, "
                    + "jdbc:sqlite:/path/restored.db, a folder file:/path/restored, or the URI of another installed source.")
    String target;

    @Option(names = "--source-name", paramLabel = "NAME", description = "Which source of the backup, when several fit the target.")
    String sourceName;

    @Option(names = "--create", description = "Create the database (PostgreSQL: it must not exist; MySQL/MariaDB: it must not exist or be empty).")
    boolean create;

    @Option(names = "--clean", description = "Replace what the target holds (PostgreSQL: drop and recreate the backed-up objects; "
            + "MySQL/MariaDB: drop and recreate the database; SQLite: replace the file; folder: replace its content).")
    boolean clean;

    @Option(names = "--jobs", defaultValue = "1", paramLabel = "N",
            description = "Parallel pg_restore jobs. 1 (default) restores in one transaction, so a failure changes nothing.")
    int jobs;

    @Option(names = "--table", paramLabel = "[SCHEMA.]TABLE",
            description = "Restore only this table (repeatable; PostgreSQL): owners, public.owners or \"public\".\"owners\" (as a backup's description shows it).")
    List<String> tables = new ArrayList<>();

    @Option(names = "--no-owner", description = "Do not restore object ownership (when the original roles do not exist on the target).")
    boolean noOwner;

    @Option(names = "--target-option", paramLabel = "NAME=VALUE",
            description = "A further setting of the target's kind (repeatable), e.g. --target-option client-ssl-ca=/etc/ca.pem for MySQL/MariaDB.")
    List<String> targetOptions = new ArrayList<>();

    @Option(names = {"--restore-tool", "--pg-restore-path"}, paramLabel = "PATH",
            description = "The restore program (default: the target's own, e.g. pg_restore or mariadb on the PATH).")
    @Nullable String restoreTool;

    @Mixin
    NotifyOptions notify;

    @Override
    public Integer call() {
        try (CliNotifications notifications = notify.open(spec.commandLine().getErr(), "restore")) {
            try {
                RestoreResult result = restore();
                notifications.publish(notifications.event(EventType.RESTORE_SUCCEEDED).backupId(result.backupId())
                        .sources(List.of(result.source())).size(result.bytes()).duration(result.duration())
                        .detail("target", CliHints.redact(result.target())));
                spec.commandLine().getOut().println(result.backupId());
                return 0;
            } catch (RuntimeException e) {
                notifications.publish(notifications.event(EventType.RESTORE_FAILED).backupId(id).error(CliHints.redact(BackupCli.message(e)))
                        .detail("target", CliHints.redact(target)));
                throw e;
            }
        }
    }

    private RestoreResult restore() {
        if (create && clean) {
            throw new BackupConfigurationException("--create makes a new database and --clean replaces what an existing one holds: "
                    + "choose one.");
        }
        if (jobs < 1 || jobs > 64) {
            throw new BackupConfigurationException("--jobs must be between 1 and 64, but was " + jobs + ".");
        }
        RestoreOptions options = new RestoreOptions(create, clean, jobs, tables, noOwner);
        BackupRepository repository = storage.existingRepository();
        ResolvedBackup backup = repository.resolve(id);
        backup.warnings().forEach(warning -> spec.commandLine().getErr().println("warning: " + warning));
        RestoreResult result = new BackupRestorer(repository, keys.keys())
                .prepare(backup.manifest(), sourceName, SourceArguments.target(target, SourceSettings.none().withTools(null, restoreTool)
                .withExtra(SourceArguments.options(targetOptions, "--target-option"))), options).run();
        spec.commandLine().getErr().println("Restored source '" + result.source() + "' of backup " + result.backupId() + " into "
                + result.target() + " (" + Sizes.bytes(result.bytes()) + " in " + Sizes.duration(result.duration()) + ").");
        return result;
    }
}
