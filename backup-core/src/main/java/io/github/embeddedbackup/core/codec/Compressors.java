package io.github.embeddedbackup.core.codec;

import io.github.embeddedbackup.core.BackupConfigurationException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Builds compressors from their ids, for settings and for reading manifests. */
public final class Compressors {

    private Compressors() {}

    /** The decompressor for a manifest's {@code compression} value. */
    public static Compressor forId(String id) {
        return create(id, null);
    }

    /**
     * A compressor from a setting: {@code zstd}, {@code gzip} or {@code none}, with an optional
     * level (zstd 1–19, gzip 1–9).
     */
    public static Compressor create(String id, @Nullable Integer level) {
        return create(id, level, null);
    }

    /**
     * A compressor from a setting, with an optional level (zstd 1–19, gzip 1–9) and number of
     * compression threads (zstd and gzip; default: one per available processor).
     */
    public static Compressor create(String id, @Nullable Integer level, @Nullable Integer threads) {
        String name = id.toLowerCase(Locale.ROOT).trim();
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        try {
            return switch (name) {
                case "zstd" -> new ZstdCompressor(level != null ? level : ZstdCompressor.DEFAULT_LEVEL, workers);
                case "gzip", "gz" -> new GzipCompressor(level != null ? level : GzipCompressor.DEFAULT_LEVEL, workers);
                case "none" -> {
                    if (level != null || threads != null) {
                        throw new IllegalArgumentException("compression 'none' takes no level and no threads");
                    }
                    yield new NoCompressor();
                }
                default -> throw new BackupConfigurationException("Unknown compression '" + id
                        + "'. Use one of: zstd (default), gzip, none.");
            };
        } catch (IllegalArgumentException e) {
            throw new BackupConfigurationException("Invalid compression setting: " + e.getMessage() + ".", e);
        }
    }
}
