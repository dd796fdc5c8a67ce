package io.github.embeddedbackup.core.source;

import io.github.embeddedbackup.core.manifest.SourceRecord;
import io.github.embeddedbackup.core.source.RestoreOptions;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a source's dump back into a database or file.
 *
 * @since 0.1.0
 */
public interface RestoreTarget {

    /** Where the data goes, for messages; never a password. */
    String describe();

    /** Whether this target can restore a source of this type. */
    boolean accepts(SourceRecord source);

    /**
     * Checks, before any byte of the backup is read, that the restore may start: the target is new
     * or empty (or {@code clean} is set), the tools are present and recent enough.
     */
    void check(SourceRecord source, RestoreOptions options);

    /**
     * Restores the source from its entry. The stream checks itself and throws before the last bytes
     * of a damaged entry; on any failure the target is left as it was, or the exception says exactly
     * what state it is in.
     *
     * @param entry the plain bytes of the source's single entry
     */
    void restore(SourceRecord source, InputStream entry, RestoreOptions options) throws IOException;
}
