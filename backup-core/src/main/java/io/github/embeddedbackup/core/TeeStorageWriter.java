package io.github.embeddedbackup.core;

import io.github.embeddedbackup.core.storage.StorageWriter;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the same bytes to one writer per destination. A failing optional destination is aborted and
 * dropped; a failing required one makes the write (or the commit) fail, and the engine then aborts all.
 */
final class TeeStorageWriter extends StorageWriter {

    private static final Logger logger = LoggerFactory.getLogger(TeeStorageWriter.class);

    private final Map<BackupDestination, StorageWriter> live = new LinkedHashMap<>();
    /** Optional destinations left out, by name, with why: filled here and by the engine. */
    private final Map<String, String> leftOut;

    /** @param leftOut where dropped optional destinations are recorded (name → why) */
    TeeStorageWriter(Map<BackupDestination, StorageWriter> writers, Map<String, String> leftOut) {
        live.putAll(writers);
        this.leftOut = leftOut;
    }

    /** The destinations still written to (all but the dropped optional ones). */
    List<BackupDestination> destinations() {
        return List.copyOf(live.keySet());
    }


    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        for (var entry : List.copyOf(live.entrySet())) {
            try {
                entry.getValue().write(b, off, len);
            } catch (IOException | RuntimeException e) {
                fail(entry.getKey(), entry.getValue(), e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        for (var entry : List.copyOf(live.entrySet())) {
            try {
                entry.getValue().close();
            } catch (IOException | RuntimeException e) {
                fail(entry.getKey(), entry.getValue(), e);
            }
        }
    }

    @Override
    public void abort() {
        live.values().forEach(StorageWriter::abort);
    }

    private void fail(BackupDestination destination, StorageWriter writer, Exception e) throws IOException {
        if (destination.required()) {
            if (e instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) e;
        }
        writer.abort();
        live.remove(destination);
        leftOut.put(destination.name(), String.valueOf(e.getMessage()));
        logger.warn("Optional backup destination '{}' ({}) failed and is left out of this backup: {}", destination.name(),
                destination.repository().storage().describe(), e.getMessage());
    }
}
