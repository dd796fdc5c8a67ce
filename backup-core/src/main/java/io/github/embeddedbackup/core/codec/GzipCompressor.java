package io.github.embeddedbackup.core.codec;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** gzip: slower than zstd, but every system can read it. */
public final class GzipCompressor implements Compressor {

    public static final int DEFAULT_LEVEL = 6;

    private final int level;

    /** @param level 1 (fastest) to 9 (smallest) */
    public GzipCompressor(int level) {
        if (level < 1 || level > 9) {
            throw new IllegalArgumentException("gzip level must be between 1 and 9, but was " + level);
        }
        this.level = level;
    }

    public GzipCompressor() {
        this(DEFAULT_LEVEL);
    }

    public int level() {
        return level;
    }

    @Override
    public String id() {
        return "gzip";
    }

    @Override
    public String archiveExtension() {
        return ".tar.gz";
    }

    @Override
    public OutputStream compress(OutputStream out) throws IOException {
        return new GZIPOutputStream(out, 1 << 16) {
            {
                def.setLevel(level);
            }
        };
    }

    @Override
    public InputStream decompress(InputStream in) throws IOException {
        return new GZIPInputStream(new BufferedInputStream(in, 1 << 17), 1 << 16);
    }

    @Override
    public String toString() {
        return "gzip(level " + level + ")";
    }
}
