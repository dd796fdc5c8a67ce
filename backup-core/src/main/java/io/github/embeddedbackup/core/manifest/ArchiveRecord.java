package io.github.embeddedbackup.core.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.github.embeddedbackup.core.crypto.WrappedKey;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The stored archive object.
 *
 * @param key its storage key
 * @param size the stored size in bytes
 * @param sha256 the SHA-256 of the stored bytes, so {@code sha256sum} alone can check it
 * @param compression {@code zstd}, {@code gzip} or {@code none}
 * @param encryption the encryption algorithm, or absent when the archive is not encrypted
 * @param keys the backup's data key, wrapped once per key that may open it (encrypted backups only)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"key", "size", "sha256", "compression", "encryption", "keys"})
public record ArchiveRecord(
        String key, long size, String sha256, String compression, @Nullable String encryption, @Nullable List<WrappedKey> keys) {}
