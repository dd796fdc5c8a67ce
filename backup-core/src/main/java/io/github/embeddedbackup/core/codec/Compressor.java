package io.github.embeddedbackup.core.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Compresses the archive stream. {@link #id()} is written to the manifest, and a reader picks the
 * decompressor from it with {@link Compressors#forId(String)}.
 *
 * @since 0.1.0
 */
public interface Compressor {

    /** {@code zstd}, {@code gzip} or {@code none}. */
    String id();

    /** The archive file's ending, e.g. {@code .tar.zst}. */
    String archiveExtension();

    /** Wraps {@code out}; closing the returned stream finishes the compressed data and closes {@code out}. */
    OutputStream compress(OutputStream out) throws IOException;

    /** Wraps {@code in} to read the plain bytes back. */
    InputStream decompress(InputStream in) throws IOException;
}
