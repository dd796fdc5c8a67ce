package io.github.embeddedbackup.core.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code source} on a thread of its own, a few buffers ahead of the reader.
 *
 * <p>Why: reading a backup back means decrypting and decompressing on one side, and hashing and
 * handing the bytes to {@code pg_restore} or a file on the other. On one thread those costs add up;
 * here they overlap, and memory stays at {@code buffers × bufferSize}. A failure of the source is
 * thrown to the reader at the point where the data stops, as the same exception.
 *
 * <p>Only the reading thread touches {@code source}, and it closes it: a native decompressor is
 * never closed while it is in use. {@link #close()} stops that thread and waits for it.
 */
public final class ReadAheadInputStream extends InputStream {

    private static final Logger logger = LoggerFactory.getLogger(ReadAheadInputStream.class);
    private static final long CLOSE_WAIT_SECONDS = 30;

    private final InputStream source;
    private final BlockingQueue<byte[]> free;
    private final BlockingQueue<Chunk> filled;
    private final Thread reader;
    private volatile boolean closed;
    private @Nullable Chunk current;
    private int position;
    private boolean ended;

    /**
     * @param source read only by the new thread, and closed by it
     * @param bufferSize bytes read ahead per buffer
     * @param buffers buffers in flight (memory: their number times their size)
     */
    public ReadAheadInputStream(InputStream source, int bufferSize, int buffers, String threadName) {
        if (bufferSize < 1 || buffers < 1) {
            throw new IllegalArgumentException("bufferSize and buffers must be positive");
        }
        this.source = source;
        this.free = new ArrayBlockingQueue<>(buffers);
        for (int i = 0; i < buffers; i++) {
            free.add(new byte[bufferSize]);
        }
        // One more slot than buffers: the end or a failure always fits, so the reading thread never blocks on it.
        this.filled = new ArrayBlockingQueue<>(buffers + 1);
        this.reader = new Thread(this::readAhead, threadName);
        this.reader.setDaemon(true);
        this.reader.start();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        Chunk chunk = next();
        if (chunk == null) {
            return -1;
        }
        int n = Math.min(len, chunk.length - position);
        System.arraycopy(chunk.data, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public int available() {
        Chunk chunk = current;
        return chunk == null ? 0 : chunk.length - position;
    }

    /** Stops the reading thread (which closes the source) and waits for it. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        reader.interrupt();
        boolean interrupted = false;
        try {
            reader.join(TimeUnit.SECONDS.toMillis(CLOSE_WAIT_SECONDS));
        } catch (InterruptedException e) {
            // Closed while this thread is being stopped (a signal, a shutdown): do not wait, and do not claim 30 s went by.
            interrupted = true;
            Thread.currentThread().interrupt();
        }
        if (reader.isAlive() && !interrupted) {
            logger.warn("The read-ahead thread '{}' did not stop within {} s; it closes its source when its read returns.",
                    reader.getName(), CLOSE_WAIT_SECONDS);
        } else if (reader.isAlive()) {
            logger.debug("The read-ahead thread '{}' is still stopping; it closes its source when its read returns.", reader.getName());
        }
    }

    /** The chunk to read from, taking the next one when the current is used up; null at the end. */
    private @Nullable Chunk next() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (ended) {
            return null;
        }
        if (current != null && position < current.length) {
            return current;
        }
        if (current != null) {
            free.offer(current.data);
            current = null;
        }
        Chunk chunk;
        try {
            chunk = filled.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for data");
        }
        if (chunk.failure != null) {
            ended = true;
            throw rethrow(chunk.failure);
        }
        if (chunk.data == null) {
            ended = true;
            return null;
        }
        current = chunk;
        position = 0;
        return chunk;
    }

    private void readAhead() {
        try (source) {
            while (!closed) {
                byte[] buffer = free.take();
                int n = source.readNBytes(buffer, 0, buffer.length);
                if (n > 0) {
                    filled.put(new Chunk(buffer, n, null));
                }
                if (n < buffer.length) {
                    filled.put(new Chunk(null, 0, null));
                    return;
                }
            }
        } catch (InterruptedException e) {
            // closed by the reader
        } catch (IOException | RuntimeException | Error e) {
            if (!filled.offer(new Chunk(null, 0, e))) {
                logger.debug("Read-ahead failure after close: {}", e.toString());
            }
        }
    }

    private static IOException rethrow(Throwable failure) {
        if (failure instanceof IOException io) {
            return io;
        }
        if (failure instanceof UncheckedIOException unchecked) {
            return unchecked.getCause();
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return new IOException(failure);
    }

    /** A filled buffer; {@code data == null} marks the end, or a failure when {@code failure} is set. */
    private record Chunk(byte @Nullable [] data, int length, @Nullable Throwable failure) {}
}
