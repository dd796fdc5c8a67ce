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

    /** Discards the partial object. Never throws: a failed clean-up is logged by the backend. */
    public abstract void abort();

    /** Commits the object. If it throws, the object is not visible and the writer is aborted. */
    @Override
    public abstract void close() throws IOException;
}
