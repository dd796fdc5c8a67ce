package io.github.embeddedbackup.core.drill;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.manifest.SourceRecord;
import io.github.embeddedbackup.core.source.ScratchTarget;
import io.github.embeddedbackup.core.source.SourceProvider;
import io.github.embeddedbackup.core.source.SourceProviders;
import io.github.embeddedbackup.core.source.SourceSettings;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Makes the scratch place a drill restores one source into. Each call gives a new place; the drill closes it. */
@FunctionalInterface
public interface ScratchFactory {

    /** Source types whose scratch place is a temporary file or folder on this machine: they need no scratch URL. */
    Set<String> LOCAL_TYPES = Set.of("sqlite", "files");

    ScratchTarget open(SourceRecord source);

    /** Whether drilling a source of this type needs a scratch URL (a database server to create the scratch database on). */
    static boolean needsScratchUrl(String sourceType) {
        return !LOCAL_TYPES.contains(sourceType);
    }

    /**
     * Scratch places from the installed providers: a temporary file or folder for SQLite and folders, a
     * new database on the server {@code scratchUrl} names for PostgreSQL and MySQL.
     *
     * @param scratchUrl a database on the server used only to create and drop drill databases; may be
     *     null when only SQLite and folder sources are drilled
     */
    static ScratchFactory of(SourceProviders providers, @Nullable String scratchUrl, SourceSettings settings) {
        return source -> {
            SourceProvider provider = providers.forType(source.type()).orElseThrow(() -> new BackupConfigurationException("Source '"
                    + source.name() + "' is of type '" + source.type() + "', which no installed provider restores."));
            if (!needsScratchUrl(source.type())) {
                return provider.scratch(provider.examples().get(0), settings); // the URI is only checked: the place is temporary
            }
            if (scratchUrl == null || scratchUrl.isBlank()) {
                throw new BackupConfigurationException("Source '" + source.name() + "' is a " + source.type() + " database: a drill "
                        + "restores it into a new database on a server you name. Give a scratch URL such as " + provider.examples().get(0)
                        + ", a server (and database) used only to create and drop the drill database.");
            }
            if (!provider.supports(scratchUrl)) {
                throw new BackupConfigurationException("Source '" + source.name() + "' is of type '" + source.type() + "' but the scratch "
                        + "URL " + providers.redact(scratchUrl) + " is not: give one like " + provider.examples().get(0) + ".");
            }
            return provider.scratch(scratchUrl, settings);
        };
    }
}
