package io.github.embeddedbackup.core.archive;

import io.github.embeddedbackup.core.IntegrityException;
import io.github.embeddedbackup.core.manifest.EntryRecord;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Reads the archive written by {@link ArchiveWriter} front to back. Entries can only be opened in
 * archive order: the archive is a stream and is never read twice.
 */
public final class ArchiveReader implements Closeable {

    private final TarArchiveInputStream tar;
    private final String backupId;
    private @Nullable TarArchiveEntry pending;

    /** @param plainTar the decompressed (and decrypted) tar stream */
    public ArchiveReader(InputStream plainTar, String backupId) {
        this.tar = new TarArchiveInputStream(plainTar, 10240, 512, "UTF-8", false);
        this.backupId = backupId;
    }

    /**
     * Skips to {@code entry} and returns its plain bytes. The stream checks size and SHA-256 against
     * the manifest and holds back the entry's last bytes until both match: a consumer never receives
     * a complete entry that is damaged, and gets an {@link IntegrityException} instead.
     */
    public InputStream openEntry(EntryRecord entry) throws IOException {
        return openEntry(entry, () -> { });
    }

    /**
     * Like {@link #openEntry(EntryRecord)}, and runs {@code beforeLastBytes} once the entry matched,
     * still before the caller sees its final bytes: a check that fails there (the whole stored
     * archive's checksum) keeps the consumer from ever receiving a complete entry.
     */
    public InputStream openEntry(EntryRecord entry, EndCheck beforeLastBytes) throws IOException {
        String first = entry.parts() <= 1 ? entry.path() : ArchivePaths.partName(entry.path(), 1);
        TarArchiveEntry member;
        while ((member = nextMember()) != null) {
            if (member.getName().equals(first)) {
                return new VerifiedEntryStream(new PartsStream(entry), entry, beforeLastBytes);
            }
        }
        throw new IntegrityException(backupId, "archive entry '" + entry.path() + "'", null, null,
                "is missing from the archive (the archive is truncated or does not belong to this manifest)");
    }

    /** The next tar member, or {@code null} at the end of the archive; its data is read from {@link #memberData()}. */
    public @Nullable TarArchiveEntry nextMember() throws IOException {
        if (pending != null) {
            TarArchiveEntry member = pending;
            pending = null;
            return member;
        }
        TarArchiveEntry member;
        do {
            member = tar.getNextEntry();
        } while (member != null && member.isDirectory());
        return member;
    }

    /** The current member's data; reading past its end returns -1. */
    public InputStream memberData() {
        return tar;
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }

    /** Concatenates the members that hold one entry, checking that each part is where it should be. */
    private final class PartsStream extends InputStream {

        private final EntryRecord entry;
        private int part = 1;

        PartsStream(EntryRecord entry) {
            this.entry = entry;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (true) {
                int n = tar.read(b, off, len);
                if (n >= 0 || part >= entry.parts()) {
                    return n;
                }
                part++;
                TarArchiveEntry next = tar.getNextEntry();
                String expected = ArchivePaths.partName(entry.path(), part);
                if (next == null || !next.getName().equals(expected)) {
                    throw new IntegrityException(backupId, "archive entry '" + entry.path() + "'", expected,
                            next == null ? "end of archive" : next.getName(), "has a missing or misplaced part");
                }
            }
        }
    }

    /** Checks size and SHA-256, withholding the final bytes until they match. */
    private final class VerifiedEntryStream extends InputStream {

        private final InputStream in;
        private final EntryRecord entry;
        private final EndCheck endCheck;
        private final MessageDigest digest = Sha256.newDigest();
        private long position;
        private boolean verified;

        VerifiedEntryStream(InputStream in, EntryRecord entry, EndCheck endCheck) {
            this.in = in;
            this.entry = entry;
            this.endCheck = endCheck;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            long remaining = entry.size() - position;
            if (remaining == 0) {
                verifyEnd();
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new IntegrityException(backupId, "archive entry '" + entry.path() + "'", entry.size() + " bytes",
                        position + " bytes", "is shorter than its manifest says");
            }
            digest.update(b, off, n);
            position += n;
            if (position == entry.size()) {
                verifyEnd(); // before the caller sees the final bytes
            }
            return n;
        }

        private void verifyEnd() throws IOException {
            if (verified) {
                return;
            }
            if (in.read() >= 0) {
                throw new IntegrityException(backupId, "archive entry '" + entry.path() + "'", entry.size() + " bytes",
                        "more", "is longer than its manifest says");
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(entry.sha256())) {
                throw new IntegrityException(backupId, "archive entry '" + entry.path() + "'", "SHA-256 " + entry.sha256(),
                        actual, "does not match its checksum");
            }
            endCheck.run();
            verified = true;
        }
    }

    /** A check that runs after an entry matched its manifest and before its last bytes are handed out. */
    @FunctionalInterface
    public interface EndCheck {
        void run() throws IOException;
    }
}
