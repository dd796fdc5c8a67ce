package io.github.embeddedbackup.core.storage;

import java.io.IOException;
import java.io.OutputStream;

/**
 * An output stream for one new object. {@link #close()} commits: when it returns normally the object
 * is complete, durable and listed. {@link #abort()} discards everything written; after it, nothing
 * under the key is visible. Calling {@code abort()} after {@code close()} does nothing, and so does
 * calling either twice.
 *
 * @since 0.1.0
 */
public abstract class StorageWriter extends OutputStream {

    /** Backends implement the array form; a single byte goes through it, so each need not repeat this. */
    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    /** Abstract here: {@link OutputStream}'s version would call {@link #write(int)}, which calls this. */
    @Override
    public abstract void write(byte[] b, int off, int len) throws IOException;

    /** Discards the partial object. Never throws: a failed clean-up is logged by the backend. */
    public abstract void abort();

    /** Commits the object. If it throws, the object is not visible and the writer is aborted. */
    @Override
    public abstract void close() throws IOException;
}
