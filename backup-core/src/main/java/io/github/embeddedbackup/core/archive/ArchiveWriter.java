package io.github.embeddedbackup.core.archive;

import io.github.embeddedbackup.core.manifest.EntryRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.LongConsumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes the archive: a POSIX (PAX) tar whose entries are hashed while they are written.
 *
 * <p>A tar header needs the member's size before its data, but a dump's size is known only at its
 * end. So a streamed entry is cut into parts of at most {@code partSize} bytes, each held in memory
 * until it is full: memory stays at one part, whatever the database size, and no temporary file is
 * needed. An entry that fits in one part is a single member named {@code path}; a larger one is the
 * members {@code path.000001}, {@code path.000002}, … which concatenated give the entry
 * ({@code tar -xO} does exactly that).
 */
public final class ArchiveWriter {

    /** Default size of one part: memory used per streamed entry. */
    public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;

    private final TarArchiveOutputStream tar;
    private final int partSize;
    private final FileTime modified;
    private final LongConsumer progress;
    private final List<EntryRecord> entries = new ArrayList<>();
    private final Set<String> paths = new HashSet<>();
    private boolean entryOpen;
    private long plainBytes;

    /**
     * @param out receives the tar bytes; it is not closed by {@link #finish()}
     * @param partSize the largest member a streamed entry is cut into
     * @param modified the modification time written on every member
     * @param progress told the total plain bytes written so far, after each part
     */
    public ArchiveWriter(OutputStream out, int partSize, Instant modified, LongConsumer progress) {
        if (partSize < 1024) {
            throw new IllegalArgumentException("partSize must be at least 1024 bytes, but was " + partSize);
        }
        this.tar = new TarArchiveOutputStream(out, 10240, "UTF-8");
        this.tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        this.tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        this.tar.setAddPaxHeadersForNonAsciiNames(true);
        this.partSize = partSize;
        this.modified = FileTime.from(modified);
        this.progress = progress;
    }

    /**
     * Opens a streamed entry of unknown length. Close the returned stream to finish the entry; only
     * one entry is open at a time.
     */
    public OutputStream openEntry(String path) {
        claim(path);
        entryOpen = true;
        return new PartitionedEntryStream(path);
    }

    /** Adds a file whose size is known, as a single member. */
    public EntryRecord addFile(String path, Path file) throws IOException {
        claim(path);
        long size = Files.size(file);
        MessageDigest digest = Sha256.newDigest();
        TarArchiveEntry entry = newMember(path, size);
        tar.putArchiveEntry(entry);
        byte[] buffer = new byte[1 << 16];
        long copied = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while (copied < size && (n = in.read(buffer, 0, (int) Math.min(buffer.length, size - copied))) > 0) {
                tar.write(buffer, 0, n);
                digest.update(buffer, 0, n);
                copied += n;
                plainBytes += n;
                progress.accept(plainBytes);
            }
        }
        if (copied != size) {
            throw new IOException("File " + file + " changed size while it was archived (" + copied + " of " + size + " bytes)");
        }
        tar.closeArchiveEntry();
        EntryRecord record = new EntryRecord(path, size, HexFormat.of().formatHex(digest.digest()), 1);
        entries.add(record);
        return record;
    }

    /** Writes the tar end-of-archive marker. Does not close the underlying stream. */
    public void finish() throws IOException {
        if (entryOpen) {
            throw new IllegalStateException("an entry is still open");
        }
        tar.finish();
        tar.flush();
    }

    /** The entries written so far, in archive order. */
    public List<EntryRecord> entries() {
        return List.copyOf(entries);
    }

    public long plainBytes() {
        return plainBytes;
    }

    private void claim(String path) {
        if (entryOpen) {
            throw new IllegalStateException("close the open entry before starting '" + path + "'");
        }
        ArchivePaths.check(path);
        if (!paths.add(path)) {
            throw new IllegalArgumentException("archive entry '" + path + "' written twice");
        }
    }

    private TarArchiveEntry newMember(String name, long size) {
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setSize(size);
        entry.setMode(0100600);
        entry.setModTime(modified);
        return entry;
    }

    /** Buffers one part; a full part is written only when more data arrives, so the last one is never empty. */
    private final class PartitionedEntryStream extends OutputStream {

        private final String path;
        private final MessageDigest digest = Sha256.newDigest();
        private final byte[] buffer;
        private int filled;
        private int partsWritten;
        private long size;
        private boolean closed;

        PartitionedEntryStream(String path) {
            this.path = path;
            this.buffer = new byte[partSize];
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("entry '" + path + "' is closed");
            }
            while (len > 0) {
                if (filled == buffer.length) {
                    writePart(ArchivePaths.partName(path, partsWritten + 1));
                }
                int n = Math.min(len, buffer.length - filled);
                System.arraycopy(b, off, buffer, filled, n);
                digest.update(b, off, n);
                filled += n;
                size += n;
                off += n;
                len -= n;
            }
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            writePart(partsWritten == 0 ? path : ArchivePaths.partName(path, partsWritten + 1));
            entries.add(new EntryRecord(path, size, HexFormat.of().formatHex(digest.digest()), partsWritten));
            entryOpen = false;
        }

        private void writePart(String name) throws IOException {
            tar.putArchiveEntry(newMember(name, filled));
            tar.write(buffer, 0, filled);
            tar.closeArchiveEntry();
            plainBytes += filled;
            partsWritten++;
            filled = 0;
            progress.accept(plainBytes);
        }
    }
}
