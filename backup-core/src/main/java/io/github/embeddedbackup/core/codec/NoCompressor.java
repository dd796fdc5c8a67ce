package io.github.embeddedbackup.core.codec;

import java.io.InputStream;
import java.io.OutputStream;

/** No compression: a plain tar, for data that is already compressed. */
public final class NoCompressor implements Compressor {

    @Override
    public String id() {
        return "none";
    }

    @Override
    public String archiveExtension() {
        return ".tar";
    }

    @Override
    public OutputStream compress(OutputStream out) {
        return out;
    }

    @Override
    public InputStream decompress(InputStream in) {
        return in;
    }

    @Override
    public String toString() {
        return "none";
    }
}
