package io.github.embeddedbackup.cli;

import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.storage.ObjectInfo;
import java.io.PrintWriter;
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
            description = "Only remove leftovers older than this many hours, so a running backup is never touched (default: "
                    + "${DEFAULT-VALUE}). 0 removes them all at once.")
    long graceHours;

    @Option(names = "--now", description = "Same as --grace-hours 0: remove every leftover now. Only when no backup is running.")
    boolean now;

    @Override
    public Integer call() {
        if (now && spec.commandLine().getParseResult().hasMatchedOption("--grace-hours")) {
            throw new IllegalArgumentException("--now and --grace-hours contradict each other: give one of them "
                    + "(--now is the same as --grace-hours 0).");
        }
        if (graceHours < 0) {
            throw new IllegalArgumentException("--grace-hours must be 0 or more (0, like --now, removes every leftover at once)");
        }
        Duration grace = now ? Duration.ZERO : Duration.ofHours(graceHours);
        Instant started = Instant.now();
        BackupRepository repository = storage.repository();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // Seen before removing: the report names what a killed backup left, kept or not.
        List<ObjectInfo> partial = repository.storage().incompleteWrites();
        List<String> removed = repository.removeOrphans(grace, started);
        removed.forEach(key -> out.println("removed " + key));
        Instant cutoff = started.minus(grace);
        int kept = 0;
        for (ObjectInfo file : partial) {
            boolean old = file.lastModified().isBefore(cutoff);
            kept += old ? 0 : 1;
            out.println((old ? "removed partial file " : "kept partial file ") + file.key() + " (" + Sizes.bytes(file.size())
                    + ", last written " + Sizes.duration(Duration.between(file.lastModified(), started).withNanos(0)) + " ago"
                    + (old ? ")" : "; younger than " + graceHours + " h, a backup may still be writing it)"));
        }
        err.println(removed.size() + " orphaned archive(s) and " + (partial.size() - kept) + " partial file(s) removed from "
                + repository.storage().describe() + "." + (kept > 0 ? " " + kept + " partial file(s) kept: remove them with --now "
                + "once no backup is running." : ""));
        return 0;
    }
}
