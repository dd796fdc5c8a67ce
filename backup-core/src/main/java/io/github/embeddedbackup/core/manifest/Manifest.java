package io.github.embeddedbackup.core.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.github.embeddedbackup.core.BackupId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

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
 * @param sealed for encrypted backups: the sources' details and the entries, encrypted (base64); the
 *     plain {@code sources} then hold only names and types, and {@code entries} is empty
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"formatVersion", "id", "startedAt", "finishedAt", "labels", "libraryVersion", "sources", "entries", "archive", "sealed"})
public record Manifest(
        int formatVersion,
        String id,
        Instant startedAt,
        Instant finishedAt,
        Map<String, String> labels,
        String libraryVersion,
        List<SourceRecord> sources,
        List<EntryRecord> entries,
        ArchiveRecord archive,
        @Nullable String sealed) {

    /** The format version this library writes and reads. */
    public static final int FORMAT_VERSION = 1;

    public Manifest {
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
        sources = sources == null ? List.of() : List.copyOf(sources);
        entries = entries == null ? List.of() : List.copyOf(entries);
    }

    /** Whether the archive is encrypted (and the details sealed). */
    public boolean encrypted() {
        return archive.encryption() != null;
    }

    /** The same manifest with other sources, entries and seal. */
    public Manifest withDetails(List<SourceRecord> newSources, List<EntryRecord> newEntries, @Nullable String newSealed) {
        return new Manifest(formatVersion, id, startedAt, finishedAt, labels, libraryVersion, newSources, newEntries, archive, newSealed);
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
