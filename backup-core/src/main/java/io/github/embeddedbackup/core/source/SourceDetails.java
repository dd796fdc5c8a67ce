package io.github.embeddedbackup.core.source;

import io.github.embeddedbackup.core.manifest.TableRecord;
import java.util.List;
import java.util.Map;

/**
 * What a source reports about the dump it wrote.
 *
 * @param properties versions, encoding and the like; never a secret
 * @param tables tables with row counts from the dump's snapshot (may be empty)
 */
public record SourceDetails(Map<String, String> properties, List<TableRecord> tables) {

    public SourceDetails {
        properties = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(properties));
        tables = List.copyOf(tables);
    }
}
