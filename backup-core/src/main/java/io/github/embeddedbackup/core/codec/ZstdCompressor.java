package io.github.embeddedbackup.core.codec;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * zstd, the default: fast on several cores and a better ratio than gzip. Frames carry a content
 * checksum, so stock {@code zstd -d} also detects corruption.
 */
public final class ZstdCompressor implements Compressor {

    public static final int DEFAULT_LEVEL = 3;

    private final int level;
    private final int workers;

    /**
     * @param level 1 (fastest) to 19
     * @param workers compression threads; 0 compresses on the calling thread
     */
    public ZstdCompressor(int level, int workers) {
        if (level < 1 || level > 19) { // zstd's negative "fast" levels are not offered: 1 is fast enough here
            throw new IllegalArgumentException("zstd level must be between 1 and 19, but was " + level);
        }
        if (workers < 0 || workers > 64) {
            throw new IllegalArgumentException("zstd workers must be between 0 and 64, but was " + workers);
        }
        this.level = level;
        this.workers = workers;
    }

    /** Level 3 with one worker per available processor. */
    public ZstdCompressor() {
        this(DEFAULT_LEVEL, Runtime.getRuntime().availableProcessors());
    }

    public int level() {
        return level;
    }

    public int workers() {
        return workers;
    }

    @Override
    public String id() {
        return "zstd";
    }

    @Override
    public String archiveExtension() {
        return ".tar.zst";
    }

    @Override
    public OutputStream compress(OutputStream out) throws IOException {
        ZstdOutputStreamNoFinalizer zstd = new ZstdOutputStreamNoFinalizer(out, level);
        zstd.setChecksum(true);
        if (workers > 0) {
            zstd.setWorkers(workers);
        }
        return zstd;
    }

    @Override
    public InputStream decompress(InputStream in) throws IOException {
        return new ZstdInputStreamNoFinalizer(new BufferedInputStream(in, 1 << 17));
    }

    @Override
    public String toString() {
        return "zstd(level " + level + ", workers " + workers + ")";
    }
}
