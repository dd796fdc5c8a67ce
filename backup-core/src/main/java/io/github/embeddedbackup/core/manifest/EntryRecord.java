package io.github.embeddedbackup.core.manifest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One logical entry of the archive. An entry larger than one part is stored as consecutive tar
 * members {@code path.000001}, {@code path.000002}, …; concatenated they give the entry.
 *
 * @param path the entry's path in the archive
 * @param size its plain size in bytes
 * @param sha256 the SHA-256 of its plain bytes, lower-case hex
 * @param parts how many tar members hold it; 1 means a single member named {@code path}
 */
@JsonPropertyOrder({"path", "size", "sha256", "parts"})
public record EntryRecord(String path, long size, String sha256, int parts) {}
