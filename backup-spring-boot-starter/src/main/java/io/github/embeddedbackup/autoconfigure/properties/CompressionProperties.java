package io.github.embeddedbackup.autoconfigure.properties;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Compression of the archive ({@code backup.compression.*}).
 *
 * @param type Compression of the archive: zstd, gzip or none.
 * @param level Compression level: zstd 1-19 (default 3), gzip 1-9 (default 6).
 * @param threads Compression threads (zstd and gzip). Defaults to the number of processors.
 * @param partSize Largest tar part a streamed dump is cut into: the heap one dump needs (1KB to 512MB).
 */
public record CompressionProperties(
        @DefaultValue("zstd") String type,
        @Nullable Integer level,
        @Nullable Integer threads,
        @DefaultValue("8MB") DataSize partSize) {}
