package io.github.embeddedbackup.runtime;

import io.github.embeddedbackup.core.source.SourceSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where restores may go.
 *
 * @param allowInPlace whether a source may be restored into itself
 * @param targets the allow-list of other places to restore into, by name
 * @param inPlace the application's own sources that can be restored into in place, by name (sources given as
 *     objects rather than settings cannot be reopened, so they are not here)
 * @param pgRestorePath the restore tool for PostgreSQL places that name none of their own, or null
 */
public record RestoreSettings(boolean allowInPlace, Map<String, Place> targets, Map<String, Place> inPlace,
        @Nullable String pgRestorePath) {

    public RestoreSettings {
        // In the order configured: messages list the targets as the user wrote them.
        targets = Collections.unmodifiableMap(new LinkedHashMap<>(targets));
        inPlace = Collections.unmodifiableMap(new LinkedHashMap<>(inPlace));
    }

    /**
     * A place to restore into.
     *
     * @param spec how to open it
     * @param property where it is configured, put in front of the messages about it
     */
    public record Place(SourceSpec spec, String property) {}
}
