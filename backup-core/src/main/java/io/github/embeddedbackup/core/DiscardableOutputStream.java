package io.github.embeddedbackup.core;

import java.io.IOException;
import java.io.OutputStream;

/** Passes writes on until {@link #discard()}; from then on it swallows them. Never closes its target. */
final class DiscardableOutputStream extends OutputStream {

    private final OutputStream target;
    private volatile boolean discarding;

    DiscardableOutputStream(OutputStream target) {
        this.target = target;
    }

    void discard() {
        discarding = true;
    }

    @Override
    public void write(int b) throws IOException {
        if (!discarding) {
            target.write(b);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (!discarding) {
            target.write(b, off, len);
        }
    }

    @Override
    public void flush() throws IOException {
        if (!discarding) {
            target.flush();
        }
    }

    /** Leaves the target open: the engine commits or aborts it. */
    @Override
    public void close() {}
}
