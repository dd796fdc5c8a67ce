package io.github.embeddedbackup.cli;

import io.github.embeddedbackup.core.drill.DrillRecord;
import io.github.embeddedbackup.core.drill.DrillRecords;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.manifest.SourceRecord;
import io.github.embeddedbackup.core.repository.BackupListing;
import java.io.PrintWriter;
import org.jspecify.annotations.Nullable;
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
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

@Command(name = "list", description = "List the complete backups, newest first.")
final class ListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StorageOption storage;

    @Option(names = "--json", description = "Print a JSON array, one object per backup.")
    boolean json;

    @Override
    public Integer call() {
        BackupRepository repository = storage.existingRepository();
        BackupListing listing = repository.list();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        listing.problems().forEach(problem -> err.println("warning: skipped: " + problem));
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            DrillRecords drills = new DrillRecords(repository.storage());
            for (Manifest manifest : listing.backups()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", manifest.id());
                row.put("startedAt", manifest.startedAt().toString());
                row.put("finishedAt", manifest.finishedAt().toString());
                row.put("sources", manifest.sources().stream().map(s -> Map.of("name", s.name(), "type", s.type())).toList());
                row.put("plainSize", manifest.plainSize());
                row.put("storedSize", manifest.archive().size());
                row.put("compression", manifest.archive().compression());
                row.put("encrypted", manifest.encrypted());
                row.put("sha256", manifest.archive().sha256());
                row.put("labels", manifest.labels());
                row.put("lastDrill", lastDrill(drills, manifest.id(), err));
                rows.add(row);
            }
            out.println(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsString(rows));
            return 0;
        }
        if (listing.backups().isEmpty()) {
            err.println("No complete backup in " + storage.repository().storage().describe() + ".");
            return 0;
        }
        List<String> sources = listing.backups().stream()
                .map(manifest -> String.join(", ", manifest.sources().stream().map(ListCommand::describe).toList())).toList();
        int width = Math.max("SOURCES".length(), sources.stream().mapToInt(String::length).max().orElse(0));
        String format = "%-24s  %-23s  %10s  %-9s  %-" + width + "s  %s%n";
        out.printf(format, "ID", "STARTED (UTC)", "STORED", "CODEC", "SOURCES", "LABELS");
        for (int i = 0; i < listing.backups().size(); i++) {
            Manifest manifest = listing.backups().get(i);
            out.printf(format, manifest.id(), manifest.startedAt().toString().replace('T', ' ').replace("Z", ""),
                    Sizes.bytes(manifest.archive().size()), manifest.archive().compression() + (manifest.encrypted() ? "+aes" : ""),
                    sources.get(i), labels(manifest.labels()));
        }
        return 0;
    }

    /** {@code trigger=safety-backup restore-of=…}: what tells a safety backup from a scheduled one. */
    private static String labels(Map<String, String> labels) {
        return String.join(" ", labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    /** The last drill in short, or null; drill records that cannot be listed never stop the listing of backups. */
    private static @Nullable Map<String, Object> lastDrill(DrillRecords drills, String id, PrintWriter err) {
        try {
            return drills.lastDrill(id).map(ListCommand::describe).orElse(null);
        } catch (RuntimeException e) {
            err.println("warning: the drills of backup " + id + " could not be read: " + e.getMessage());
            return null;
        }
    }

    /** The last drill in short; its checks are in the record itself. */
    private static Map<String, Object> describe(DrillRecord drill) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("ok", drill.ok());
        row.put("drilledAt", drill.drilledAt().toString());
        row.put("rtoSeconds", drill.rtoSeconds());
        row.put("backupAgeSeconds", drill.backupAgeSeconds());
        row.put("failedChecks", drill.failures().size());
        return row;
    }

    private static String describe(SourceRecord source) {
        return source.name() + " (" + source.type() + ")";
    }
}
