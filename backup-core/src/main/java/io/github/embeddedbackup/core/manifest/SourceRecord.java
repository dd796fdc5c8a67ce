package io.github.embeddedbackup.core.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * One source in a backup.
 *
 * @param name the source's name, unique within the backup
 * @param type {@code postgresql}, {@code sqlite}, …
 * @param entries paths of the archive entries that hold this source's data
 * @param properties what a restore or a check needs to know: server and tool versions, encoding
 * @param tables the tables with their row counts, taken in the same snapshot as the dump
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"name", "type", "entries", "properties", "tables"})
public record SourceRecord(
        String name, String type, List<String> entries, Map<String, String> properties, List<TableRecord> tables) {

    public SourceRecord {
        entries = entries == null ? List.of() : List.copyOf(entries);
        properties = properties == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(properties));
        tables = tables == null ? List.of() : List.copyOf(tables);
    }

    /** Only what listing needs: name, type and entry paths. */
    public SourceRecord withoutDetails() {
        return new SourceRecord(name, type, entries, Map.of(), List.of());
    }

    /** A property, or {@code null}. */
    public String property(String key) {
        return properties.get(key);
    }
}
