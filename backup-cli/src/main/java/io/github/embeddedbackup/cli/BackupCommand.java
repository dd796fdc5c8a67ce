package io.github.embeddedbackup.cli;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.plan.BackupPlan;
import io.github.embeddedbackup.core.plan.BackupPlanBuilder;
import io.github.embeddedbackup.core.plan.PlanRunner;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.source.SourceSettings;
import org.jspecify.annotations.Nullable;
import io.github.embeddedbackup.core.BackupLabels;
import io.github.embeddedbackup.core.BackupOptions;
import io.github.embeddedbackup.core.codec.Compressor;
import io.github.embeddedbackup.core.codec.Compressors;
import io.github.embeddedbackup.core.crypto.EncryptionSettings;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.notify.EventType;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "backup", description = {"Back up one or more databases into one new backup.",
        "Progress goes to stderr; the new backup id is the last line of stdout."})
final class BackupCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StorageOption storage;

    @Option(names = "--source", required = true, paramLabel = "[NAME=]URI",
            description = {"What to back up (repeatable): jdbc:postgresql://host:5432/db?user=name (password in the URL "
                    + "or PGPASSWORD), jdbc:mariadb://host:3306/db?user=name (password in the URL or MYSQL_PWD), jdbc:sqlite:/path/file.db, "
                    + "a folder file:/path, or the URI of "
                    + "another installed source. NAME defaults to the database, file or folder name."})
    List<String> sources = new ArrayList<>();

    @Mixin
    KeyOptions.Encrypting encryption;

    @Option(names = "--compression", defaultValue = "zstd", paramLabel = "zstd|gzip|none",
            description = "Compression of the archive (default: ${DEFAULT-VALUE}).")
    String compression;

    @Option(names = "--level", paramLabel = "N", description = "Compression level: zstd 1-19 (default 3), gzip 1-9 (default 6).")
    Integer level;

    @Option(names = "--threads", paramLabel = "N", description = "Compression threads for zstd and gzip (default: the number of processors).")
    Integer threads;

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "A label recorded in the manifest (repeatable): key of lower-case letters, digits, '.', '_', '-'; not 'trigger' (set to cli).")
    List<String> labelArguments = new ArrayList<>();

    @Option(names = {"--dump-tool", "--pg-dump-path"}, paramLabel = "PATH",
            description = "The dump program (default: the source's own, e.g. pg_dump or mariadb-dump on the PATH). Its version must be "
                    + "at least the server's.")
    @Nullable String dumpTool;

    @Option(names = "--source-option", paramLabel = "NAME=VALUE",
            description = "A further setting of the sources' kind (repeatable), e.g. --source-option client-ssl-ca=/etc/ca.pem for MySQL/MariaDB.")
    List<String> sourceOptions = new ArrayList<>();

    @Option(names = "--no-row-counts", description = "Do not count each table's rows for the manifest (saves a second read of every table).")
    boolean noRowCounts;

    @Mixin
    NotifyOptions notify;

    /** The plan's source names, once known: for the failure notification. */
    private List<String> sourceNames = List.of();
    /** The one destination's name in events (names, never locations: the location goes in the detail "storage", redacted). */
    private static final String DESTINATION = "storage";
    private @Nullable String destination;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try (CliNotifications notifications = notify.open(err)) {
            notifications.publish(notifications.event(EventType.BACKUP_STARTED));
            try {
                return backup(err, notifications);
            } catch (RuntimeException e) {
                notifications.publish(notifications.event(EventType.BACKUP_FAILED).sources(sourceNames).destinations(List.of(DESTINATION))
                        .detail("storage", destination).error(CliHints.redact(BackupCli.message(e))));
                throw e;
            }
        }
    }

    private Integer backup(PrintWriter err, CliNotifications notifications) {
        BackupPlanBuilder plan = BackupPlanBuilder.installed();
        SourceArguments.addSources(plan, sources, SourceSettings.none().withTools(dumpTool, null).withCountRows(!noRowCounts)
                .withExtra(SourceArguments.options(sourceOptions, "--source-option")));
        Compressor compressor;
        try {
            compressor = Compressors.create(compression, level, threads);
        } catch (BackupConfigurationException e) {
            throw new BackupConfigurationException(e.getMessage() + " Check --compression, --level and --threads.", e);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (String label : labelArguments) {
            int eq = label.indexOf('=');
            if (eq <= 0) {
                throw new BackupConfigurationException("--label '" + label + "' is not KEY=VALUE: give it as e.g. --label env=prod.");
            }
            labels.put(label.substring(0, eq).strip(), label.substring(eq + 1).strip());
        }
        try {
            plan.labels(labels); // the same rule as the HTTP API's
        } catch (BackupConfigurationException e) {
            throw new BackupConfigurationException("--label: " + e.getMessage(), e);
        }
        EncryptionSettings settings = encryption.settings();
        BackupRepository repository = storage.repository();
        destination = CliHints.redact(repository.storage().describe());
        BackupPlan built = plan.destination(DESTINATION, repository.storage(), true, null)
                .options(BackupOptions.defaults().withCompressor(compressor).withEncryption(settings)).build();
        sourceNames = built.sources().stream().map(s -> s.name()).toList();
        long[] lastPrint = {System.nanoTime()};
        err.println("Backing up " + built.sources().stream().map(s -> s.name() + " (" + s.type() + ")").toList() + " to "
                + repository.storage().describe() + " with " + compressor + (settings.enabled() ? ", encrypted" : "") + " ...");
        Manifest manifest = new PlanRunner(built).backup(built.sources(), Map.of(BackupLabels.TRIGGER, "cli"), (source, plain, stored) -> {
            long now = System.nanoTime();
            if (now - lastPrint[0] > 2_000_000_000L) {
                lastPrint[0] = now;
                err.println("  " + source + ": " + Sizes.bytes(plain) + " read, " + Sizes.bytes(stored) + " stored");
            }
        });
        Duration took = Duration.between(manifest.startedAt(), manifest.finishedAt());
        err.println("Backup " + manifest.id() + " complete: " + Sizes.bytes(manifest.plainSize()) + " → "
                + Sizes.bytes(manifest.archive().size()) + " (" + manifest.archive().compression()
                + (manifest.encrypted() ? ", encrypted" : "") + ") in " + Sizes.duration(took)
                + "; archive SHA-256 " + manifest.archive().sha256());
        notifications.publish(notifications.event(EventType.BACKUP_SUCCEEDED).backupId(manifest.id()).sources(sourceNames)
                .destinations(List.of(DESTINATION)).detail("storage", destination).size(manifest.archive().size()).duration(took));
        spec.commandLine().getOut().println(manifest.id());
        return 0;
    }
}
