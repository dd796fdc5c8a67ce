package io.github.embeddedbackup.core.source;

import java.io.IOException;

/**
 * Writes one consistent dump of one named source into the archive.
 *
 * @since 0.1.0
 */
public interface BackupSource {

    /** Unique within a backup; letters, digits, {@code .}, {@code _} and {@code -}. Entries go under {@code name/}. */
    String name();

    /** {@code postgresql}, {@code sqlite}, …; a restore target is chosen by it. */
    String type();

    /**
     * Checks what can be checked before any byte is written (tool present and recent enough, file
     * exists, server reachable), so that a misconfiguration fails fast with a clear message.
     */
    default void preflight() {}

    /**
     * Writes the dump into {@code sink}. Either returns normally after writing a complete,
     * consistent dump, or throws; a partial dump is then discarded with the whole backup.
     *
     * @return what the manifest records of this source (versions, tables and row counts)
     */
    SourceDetails backup(ArchiveSink sink) throws IOException;
}
