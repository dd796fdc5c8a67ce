package io.github.embeddedbackup.core;

import io.github.embeddedbackup.core.archive.ArchiveWriter;
import io.github.embeddedbackup.core.codec.Compressor;
import io.github.embeddedbackup.core.codec.ZstdCompressor;
import io.github.embeddedbackup.core.crypto.EncryptionSettings;
import java.time.Clock;

/**
 * How backups are written.
 *
 * @param compressor zstd by default
 * @param partSize the largest tar member a streamed dump is cut into; also the memory one dump needs
 * @param clock the time source for ids and manifests
 * @param encryption how archives are encrypted; {@link EncryptionSettings#none()} by default
 */
public record BackupOptions(Compressor compressor, int partSize, Clock clock, EncryptionSettings encryption) {

    public BackupOptions {
        if (partSize < 1024 || partSize > 512 * 1024 * 1024) {
            // Callers add their own setting's name (the starter: backup.compression.part-size).
            throw new IllegalArgumentException("The archive part size must be between 1 KiB and 512 MiB, but was " + partSize
                    + " bytes" + (partSize < 0 ? " (more than 2 GiB does not fit)" : "") + ".");
        }
    }

    /** zstd level 3 on every core, 8 MiB parts, the system clock. */
    public static BackupOptions defaults() {
        return new BackupOptions(new ZstdCompressor(), ArchiveWriter.DEFAULT_PART_SIZE, Clock.systemUTC(), EncryptionSettings.none());
    }

    public BackupOptions withCompressor(Compressor compressor) {
        return new BackupOptions(compressor, partSize, clock, encryption);
    }

    public BackupOptions withPartSize(int partSize) {
        return new BackupOptions(compressor, partSize, clock, encryption);
    }

    public BackupOptions withClock(Clock clock) {
        return new BackupOptions(compressor, partSize, clock, encryption);
    }

    public BackupOptions withEncryption(EncryptionSettings encryption) {
        return new BackupOptions(compressor, partSize, clock, encryption);
    }
}
