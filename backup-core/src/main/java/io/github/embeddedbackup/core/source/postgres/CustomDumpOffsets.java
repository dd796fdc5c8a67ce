package io.github.embeddedbackup.core.source.postgres;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Finds where each data block of a custom-format dump starts while the dump streams past, and then
 * writes those positions into the dump's table of contents.
 *
 * <p>Why: {@code pg_dump} writing to a pipe cannot go back to fill in the data offsets of its table
 * of contents, as it does when it writes to a file. {@code pg_restore --jobs} on such a dump makes
 * every worker scan the file for its table's data: measured on a 700 MB dump, 7.7 s instead of 6.2 s.
 * After {@link #writeInto(Path)} the spooled dump is the one {@code pg_dump -f} would have written.
 *
 * <p>It reads only what it must (header, table of contents, block and chunk headers; data chunks are
 * skipped by length) and changes the file only when everything adds up: a known archive version,
 * every block belonging to a table-of-contents entry, and the dump ending exactly after a block. A
 * dump it does not understand is left as it is, which {@code pg_restore} reads as before.
 *
 * <p>Layout read here (PostgreSQL {@code pg_backup_archiver.c}, {@code pg_backup_custom.c}): an
 * integer is a sign byte and {@code intSize} little-endian bytes; a string is an integer length (-1
 * for null) and that many bytes; each entry of the table of contents ends with an offset (a flag
 * byte: 1 not set, 2 set, 3 no data; then {@code offSize} little-endian bytes). Data blocks follow
 * the table of contents: a type byte (1 table data, 3 large objects), the entry's dump id, then
 * length-prefixed chunks ending with a zero length (large objects: an oid before each object's
 * chunks, and a zero oid at the end).
 */
final class CustomDumpOffsets {

    private static final byte[] MAGIC = "PGDMP".getBytes(StandardCharsets.US_ASCII);
    private static final int MIN_VERSION = version(1, 12);
    private static final int MAX_VERSION = version(1, 16);
    private static final int FORMAT_CUSTOM = 1;
    private static final int OFFSET_NOT_SET = 1;
    private static final int OFFSET_SET = 2;
    private static final int BLOCK_DATA = 1;
    private static final int BLOCK_LARGE_OBJECTS = 3;
    /** The table of contents is held in memory while it is parsed; beyond this, give up rather than grow. */
    private static final int MAX_TOC_BYTES = 64 * 1024 * 1024;

    private enum State { HEADER, BLOCK_TYPE, BLOCK_ID, CHUNK_LENGTH, SKIP, OBJECT_OID, DONE_UNUSABLE }

    private State state = State.HEADER;
    private @Nullable String unusable;
    private long position;

    // Header and table of contents, collected until they parse.
    private byte @Nullable [] head = new byte[64 * 1024];
    private int headLength;
    private int nextParseAt = 4096;
    private int intSize;
    private int offSize;
    private final Map<Integer, Long> offsetFields = new LinkedHashMap<>();

    // Data blocks.
    private final byte[] number = new byte[9];
    private int numberFilled;
    private int blockType;
    private long blockStart;
    private boolean inObject;
    private long skip;
    private final Map<Integer, Long> blocks = new LinkedHashMap<>();

    /** Takes the next bytes of the dump, in order. */
    void accept(byte[] b, int off, int len) {
        int end = off + len;
        while (off < end && state != State.DONE_UNUSABLE) {
            if (state == State.HEADER) {
                collectHead(b, off, end - off); // takes all of them, and replays what follows the table of contents
                return;
            }
            if (state == State.SKIP) {
                int n = (int) Math.min(skip, end - off);
                skip -= n;
                off += n;
                position += n;
                if (skip == 0) {
                    state = State.CHUNK_LENGTH;
                }
                continue;
            }
            if (state == State.BLOCK_TYPE) {
                blockStart = position;
                blockType = b[off] & 0xff;
                off++;
                position++;
                if (blockType != BLOCK_DATA && blockType != BLOCK_LARGE_OBJECTS) {
                    giveUp("unknown block type " + blockType + " at byte " + blockStart);
                    return;
                }
                state = State.BLOCK_ID;
                continue;
            }
            // BLOCK_ID, CHUNK_LENGTH, OBJECT_OID: an integer, possibly split across calls.
            int need = 1 + intSize - numberFilled;
            int n = Math.min(need, end - off);
            System.arraycopy(b, off, number, numberFilled, n);
            numberFilled += n;
            off += n;
            position += n;
            if (numberFilled == 1 + intSize) {
                numberFilled = 0;
                onInteger(readInt(number, 0));
            }
        }
    }

    /**
     * Writes the data offsets into the table of contents of {@code dump}, the file that received all
     * the bytes, after checking that each points at its block.
     *
     * @return the number of entries written, or 0 when the dump is left unchanged (see {@link #unusable()})
     */
    int writeInto(Path dump) throws IOException {
        if (state == State.HEADER) {
            nextParseAt = 0;
            collectHead(new byte[0], 0, 0); // a dump smaller than the first parse attempt
        }
        if (state == State.HEADER) {
            giveUp("the table of contents never ended");
        } else if (state != State.BLOCK_TYPE && state != State.DONE_UNUSABLE) {
            giveUp("the dump ends inside a data block");
        }
        if (unusable != null) {
            return 0;
        }
        List<Map.Entry<Integer, Long>> patches = new ArrayList<>();
        for (Map.Entry<Integer, Long> block : blocks.entrySet()) {
            Long field = offsetFields.get(block.getKey());
            if (field == null) {
                giveUp("data block " + block.getKey() + " has no entry in the table of contents");
                return 0;
            }
            patches.add(Map.entry(block.getKey(), field));
        }
        try (FileChannel channel = FileChannel.open(dump, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            if (channel.size() != position) {
                giveUp("the file has " + channel.size() + " bytes, the stream had " + position);
                return 0;
            }
            for (Map.Entry<Integer, Long> patch : patches) {
                if (!pointsAtBlock(channel, blocks.get(patch.getKey()), patch.getKey())) {
                    giveUp("block " + patch.getKey() + " is not where it was seen");
                    return 0;
                }
            }
            for (Map.Entry<Integer, Long> patch : patches) {
                ByteBuffer field = ByteBuffer.allocate(1 + offSize);
                field.put((byte) OFFSET_SET);
                long offset = blocks.get(patch.getKey());
                for (int i = 0; i < offSize; i++) {
                    field.put((byte) (offset >>> (8 * i)));
                }
                field.flip();
                channel.write(field, patch.getValue());
            }
        }
        return patches.size();
    }

    /** Why the dump is left unchanged, or null. */
    @Nullable String unusable() {
        return unusable;
    }

    private void onInteger(long value) {
        switch (state) {
            case BLOCK_ID -> {
                int id = (int) value;
                if (blocks.putIfAbsent(id, blockStart) != null) {
                    giveUp("two data blocks for entry " + id);
                    return;
                }
                inObject = false;
                state = blockType == BLOCK_DATA ? State.CHUNK_LENGTH : State.OBJECT_OID;
            }
            case CHUNK_LENGTH -> {
                if (value < 0) {
                    giveUp("negative chunk length at byte " + position);
                } else if (value > 0) {
                    skip = value;
                    state = State.SKIP;
                } else if (inObject) {
                    state = State.OBJECT_OID;
                } else {
                    state = State.BLOCK_TYPE;
                }
            }
            case OBJECT_OID -> {
                if (value == 0) {
                    state = State.BLOCK_TYPE;
                } else {
                    inObject = true;
                    state = State.CHUNK_LENGTH;
                }
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    /** Collects header bytes; once they parse, replays the bytes after the table of contents as data blocks. */
    private void collectHead(byte[] b, int off, int len) {
        position += len;
        if (headLength + len > head.length) {
            if (headLength + len > MAX_TOC_BYTES) {
                giveUp("the table of contents is larger than " + MAX_TOC_BYTES + " bytes");
                return;
            }
            head = Arrays.copyOf(head, Math.max(head.length * 2, headLength + len));
        }
        System.arraycopy(b, off, head, headLength, len);
        headLength += len;
        if (headLength < nextParseAt) {
            return;
        }
        // Parse again only when twice as much has arrived: a large table of contents costs O(n), not O(n²).
        nextParseAt = headLength * 2;
        int tocEnd;
        try {
            tocEnd = parseHeadAndToc();
        } catch (NeedMore e) {
            return;
        } catch (Unusable e) {
            giveUp(e.getMessage());
            return;
        }
        // The bytes after the table of contents belong to the data blocks: replay them.
        byte[] rest = Arrays.copyOfRange(head, tocEnd, headLength);
        head = null;
        position = tocEnd;
        state = State.BLOCK_TYPE;
        accept(rest, 0, rest.length);
    }

    /** Parses header and table of contents from {@code head}; returns where the data blocks start. */
    private int parseHeadAndToc() {
        Reader in = new Reader(head, headLength);
        for (byte m : MAGIC) {
            if (in.byteValue() != (m & 0xff)) {
                throw new Unusable("not a custom-format dump");
            }
        }
        int major = in.byteValue();
        int minor = in.byteValue();
        in.byteValue(); // revision
        int version = version(major, minor);
        if (version < MIN_VERSION || version > MAX_VERSION) {
            throw new Unusable("archive version " + major + "." + minor + " is not one this reader knows (1.12 to 1.16)");
        }
        intSize = in.byteValue();
        offSize = in.byteValue();
        if (intSize < 1 || intSize > 8 || offSize < 1 || offSize > 8) {
            throw new Unusable("integer size " + intSize + " / offset size " + offSize);
        }
        in.intSize = intSize;
        if (in.byteValue() != FORMAT_CUSTOM) {
            throw new Unusable("not the custom format");
        }
        if (version >= version(1, 15)) {
            in.byteValue(); // compression algorithm
        } else {
            in.integer(); // compression level
        }
        for (int i = 0; i < 7; i++) {
            in.integer(); // creation time: sec, min, hour, mday, mon, year, isdst
        }
        in.string(); // database name
        in.string(); // server version
        in.string(); // pg_dump version
        long entries = in.integer();
        for (long i = 0; i < entries; i++) {
            int dumpId = (int) in.integer();
            in.integer(); // had dumper
            in.string(); // table oid
            in.string(); // oid
            in.string(); // tag
            in.string(); // desc
            in.integer(); // section
            in.string(); // definition
            in.string(); // drop statement
            in.string(); // copy statement
            in.string(); // namespace
            in.string(); // tablespace
            if (version >= version(1, 14)) {
                in.string(); // table access method
            }
            if (version >= version(1, 16)) {
                in.integer(); // relkind
            }
            in.string(); // owner
            in.string(); // "with oids", always false
            while (in.string()) {
                // dependencies, ended by a null string
            }
            int field = in.at;
            int flag = in.byteValue();
            in.skip(offSize);
            if (flag == OFFSET_NOT_SET) {
                offsetFields.put(dumpId, (long) field);
            }
        }
        return in.at;
    }

    private long readInt(byte[] bytes, int at) {
        long value = 0;
        for (int i = 0; i < intSize; i++) {
            value |= (long) (bytes[at + 1 + i] & 0xff) << (8 * i);
        }
        return bytes[at] != 0 ? -value : value;
    }

    private boolean pointsAtBlock(FileChannel channel, long offset, int id) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(2 + intSize);
        while (header.hasRemaining()) {
            if (channel.read(header, offset + header.position()) < 0) {
                return false;
            }
        }
        byte[] bytes = header.array();
        int type = bytes[0] & 0xff;
        return (type == BLOCK_DATA || type == BLOCK_LARGE_OBJECTS) && readInt(bytes, 1) == id;
    }

    private void giveUp(String reason) {
        if (unusable == null) {
            unusable = reason;
        }
        state = State.DONE_UNUSABLE;
        head = null;
    }

    private static int version(int major, int minor) {
        return major * 256 + minor;
    }

    /** Reads the collected head; throws {@link NeedMore} at its end. */
    private static final class Reader {

        private final byte[] bytes;
        private final int length;
        private int at;
        private int intSize;

        Reader(byte[] bytes, int length) {
            this.bytes = bytes;
            this.length = length;
        }

        int byteValue() {
            if (at >= length) {
                throw new NeedMore();
            }
            return bytes[at++] & 0xff;
        }

        void skip(int n) {
            if (at + n > length) {
                throw new NeedMore();
            }
            at += n;
        }

        long integer() {
            boolean negative = byteValue() != 0;
            long value = 0;
            for (int i = 0; i < intSize; i++) {
                value |= (long) byteValue() << (8 * i);
            }
            return negative ? -value : value;
        }

        /** Skips a string; false for the null string. */
        boolean string() {
            long length = integer();
            if (length < 0) {
                return false;
            }
            if (length > Integer.MAX_VALUE) {
                throw new Unusable("string of " + length + " bytes");
            }
            skip((int) length);
            return true;
        }
    }

    /** The collected bytes end before the table of contents does. */
    private static final class NeedMore extends RuntimeException {
        NeedMore() {
            super(null, null, false, false);
        }
    }

    private static final class Unusable extends RuntimeException {
        Unusable(String message) {
            super(message, null, false, false);
        }
    }
}
