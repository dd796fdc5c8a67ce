package io.github.embeddedbackup.core.source;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/** Where a source writes its entries. Names are relative to the source's folder in the archive. */
public interface ArchiveSink {

    /** A streamed entry of any length; close it to finish the entry. One entry is open at a time. */
    OutputStream openEntry(String name) throws IOException;

    /** A file whose size is known, stored as one member (for example a SQLite snapshot). */
    void addFile(String name, Path file) throws IOException;
}
