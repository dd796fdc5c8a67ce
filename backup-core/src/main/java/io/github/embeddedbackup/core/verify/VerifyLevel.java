package io.github.embeddedbackup.core.verify;

/** How deep a verification goes. */
public enum VerifyLevel {
    /** Re-hash the stored object and compare size and SHA-256 with the manifest. */
    CHECKSUM,
    /** Also decompress the archive and re-hash every entry against the manifest. */
    CONTENT
}
