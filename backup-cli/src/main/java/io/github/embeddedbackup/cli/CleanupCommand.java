package io.github.embeddedbackup.cli;

import io.github.embeddedbackup.core.repository.BackupRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "cleanup", description = {"Remove what interrupted backups left behind: archives without a manifest and",
        "partial files, older than the grace period. Complete backups are never touched."})
final class CleanupCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StorageOption storage;

    @Option(names = "--grace-hours", defaultValue = "24", paramLabel = "N",
            description = "Only remove leftovers older than this many hours, so a running backup is never touched (default: ${DEFAULT-VALUE}).")
    long graceHours;

    @Override
    public Integer call() {
        if (graceHours < 1) {
            throw new IllegalArgumentException("--grace-hours must be at least 1, so that a running backup is never removed");
        }
        BackupRepository repository = storage.repository();
        List<String> removed = repository.removeOrphans(Duration.ofHours(graceHours), Instant.now());
        removed.forEach(key -> spec.commandLine().getOut().println("removed " + key));
        spec.commandLine().getErr().println(removed.size() + " orphaned archive(s) removed from " + repository.storage().describe() + ".");
        return 0;
    }
}
