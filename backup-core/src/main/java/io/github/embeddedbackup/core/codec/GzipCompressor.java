package io.github.embeddedbackup.core.codec;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;

/**
 * gzip: slower than zstd, but every system can read it. Compressed on several cores like
 * {@code pigz} ({@link ParallelGzipOutputStream}), into one ordinary gzip member.
 */
public final class GzipCompressor implements Compressor {

    public static final int DEFAULT_LEVEL = 6;

    private final int level;
    private final int threads;

    /**
     * @param level 1 (fastest) to 9 (smallest)
     * @param threads compression threads; 0 compresses on the calling thread (the output is the same)
     */
    public GzipCompressor(int level, int threads) {
        if (level < 1 || level > 9) {
            throw new IllegalArgumentException("gzip level must be between 1 and 9, but was " + level);
        }
        if (threads < 0 || threads > 64) {
            throw new IllegalArgumentException("gzip threads must be between 0 and 64, but was " + threads);
        }
        this.level = level;
        this.threads = threads;
    }

    /** @param level 1 (fastest) to 9 (smallest); one thread per available processor */
    public GzipCompressor(int level) {
        this(level, Runtime.getRuntime().availableProcessors());
    }

    /** Level 6, like {@code gzip} and {@code pigz}, with one thread per available processor. */
    public GzipCompressor() {
        this(DEFAULT_LEVEL);
    }

    public int level() {
        return level;
    }

    public int threads() {
        return threads;
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
        return new ParallelGzipOutputStream(out, level, threads);
    }

    @Override
    public InputStream decompress(InputStream in) throws IOException {
        return new GZIPInputStream(new BufferedInputStream(in, 1 << 17), 1 << 16);
    }

    @Override
    public String toString() {
        return "gzip(level " + level + ", threads " + threads + ")";
    }
}
