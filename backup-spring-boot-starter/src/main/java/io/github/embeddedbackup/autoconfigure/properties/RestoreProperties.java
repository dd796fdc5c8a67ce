package io.github.embeddedbackup.autoconfigure.properties;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Restores started through the REST API ({@code backup.restore.*}).
 *
 * @param safetyBackup Back up the target before a restore replaces what it holds.
 * @param allowInPlace Allow restoring a source into itself (the application's own database), replacing its content.
 * @param pgRestorePath Former global pg_restore program; use backup.datasource.restore-tool or backup.sources.NAME.restore-tool.
 * @param targets The allow-list of other targets a restore may write to, by name: url (+ username, password) or path (a folder).
 */
public record RestoreProperties(
        @DefaultValue("true") boolean safetyBackup,
        @DefaultValue("true") boolean allowInPlace,
        @Nullable String pgRestorePath,
        @Nullable Map<String, SourceProperties> targets) {

    public RestoreProperties {
        targets = targets == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(targets));
    }
}
