package io.github.embeddedbackup.core.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.github.embeddedbackup.core.BackupId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Describes one complete backup. It is written last, after the archive is stored, so its presence
 * means the backup is complete. It never holds a secret. See {@code docs/format.md}.
 *
 * @param formatVersion {@link #FORMAT_VERSION} for what this library writes
 * @param id the backup id
 * @param startedAt when the backup started
 * @param finishedAt when the archive was stored
 * @param labels free-form labels (trigger, schedule name, host)
 * @param libraryVersion the version of the library that wrote it
 * @param sources what was backed up, one record per source
 * @param entries every entry in the archive with its plain size and SHA-256
 * @param archive the stored object
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"formatVersion", "id", "startedAt", "finishedAt", "labels", "libraryVersion", "sources", "entries", "archive"})
public record Manifest(
        int formatVersion,
        String id,
        Instant startedAt,
        Instant finishedAt,
        Map<String, String> labels,
        String libraryVersion,
        List<SourceRecord> sources,
        List<EntryRecord> entries,
        ArchiveRecord archive) {

    /** The format version this library writes and reads. */
    public static final int FORMAT_VERSION = 1;

    public Manifest {
        labels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
        sources = List.copyOf(sources);
        entries = List.copyOf(entries);
    }

    public BackupId backupId() {
        return new BackupId(id);
    }

    /** The source with this name, if the backup has it. */
    public Optional<SourceRecord> source(String name) {
        return sources.stream().filter(source -> source.name().equals(name)).findFirst();
    }

    /** The entry with this path, if the archive has it. */
    public Optional<EntryRecord> entry(String path) {
        return entries.stream().filter(entry -> entry.path().equals(path)).findFirst();
    }

    /** Sum of the entries' plain sizes. */
    public long plainSize() {
        return entries.stream().mapToLong(EntryRecord::size).sum();
    }
}
