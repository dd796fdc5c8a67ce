package io.github.embeddedbackup.core.source.mysql;

import io.github.embeddedbackup.core.manifest.TableRecord;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts the rows a {@code mysqldump}/{@code mariadb-dump} SQL dump holds, per table, while the dump
 * streams past: every {@code CREATE TABLE `t`} at the start of a line names a table (0 rows), every
 * tuple of an {@code INSERT INTO `t` VALUES (…),(…);} adds one. The counts are therefore exactly what
 * the dump holds, from the dump's own snapshot, without a second read of any table.
 *
 * <p>A small state machine, fed any slices of bytes: it keeps only the start of a line (to recognise a
 * statement) and never a value, so a row of any size costs nothing. Inside the values it honours
 * {@code '…'} and {@code "…"} strings with backslash escapes and doubled quotes; parentheses nest.
 * Routines, triggers and events ({@code DELIMITER ;;} blocks) are skipped, so an {@code INSERT} in a
 * procedure body is not counted.
 */
final class DumpRowCounter {

    /** Longer than any statement head we look for: a 64-character identifier of 4-byte characters, doubled backticks. */
    private static final int HEAD_LIMIT = 1024;
    private static final byte[] INSERT = bytes("INSERT INTO `");
    private static final byte[] CREATE_TABLE = bytes("CREATE TABLE `");
    private static final byte[] VALUES = bytes(" VALUES");
    private static final String COMPLETED = "-- Dump completed";

    private enum State { HEAD, SKIP_LINE, VALUES }

    private final Map<String, Long> rows = new LinkedHashMap<>();
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    private State state = State.HEAD;
    private boolean inDelimiterBlock;
    private boolean completed;
    private String table = "";
    private long tuples;
    private int depth;
    private byte quote; // 0 outside a string, else ' or "
    private boolean escaped; // the previous byte in a string was a backslash
    private boolean quotePending; // a quote that may be the first of a doubled pair

    /** Feeds the next bytes of the dump. */
    void accept(byte[] buffer, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = buffer[i];
            switch (state) {
                case HEAD -> head(b);
                case SKIP_LINE -> {
                    if (b == '\n') {
                        state = State.HEAD;
                    }
                }
                case VALUES -> values(b);
            }
        }
    }

    private void head(byte b) {
        if (b == '\n') {
            line(head.toByteArray());
            head.reset();
            return;
        }
        head.write(b);
        if (!inDelimiterBlock && head.size() > INSERT.length + VALUES.length && b == 'S') {
            String name = insertTarget(head.toByteArray());
            if (name != null) {
                table = name;
                rows.putIfAbsent(name, 0L);
                head.reset();
                state = State.VALUES;
                depth = 0;
                quote = 0;
                escaped = false;
                quotePending = false;
                return;
            }
        }
        if (head.size() > HEAD_LIMIT) {
            head.reset();
            state = State.SKIP_LINE;
        }
    }

    /** A complete line that was not an INSERT. */
    private void line(byte[] line) {
        String start = new String(line, 0, Math.min(line.length, 40), StandardCharsets.UTF_8).stripTrailing();
        if (start.startsWith("DELIMITER ")) {
            inDelimiterBlock = !start.equals("DELIMITER ;");
        } else if (!inDelimiterBlock && startsWith(line, CREATE_TABLE)) {
            String name = identifier(line, CREATE_TABLE.length - 1);
            if (name != null) {
                rows.putIfAbsent(name, 0L);
            }
        } else if (!inDelimiterBlock && start.startsWith(COMPLETED)) {
            completed = true;
        }
    }

    private void values(byte b) {
        if (quote != 0) {
            if (quotePending) {
                quotePending = false;
                if (b == quote) {
                    return; // a doubled quote: still inside the string
                }
                quote = 0; // the string ended at the previous byte; b is outside it
            } else if (escaped) {
                escaped = false;
                return;
            } else if (b == '\\') {
                escaped = true;
                return;
            } else {
                if (b == quote) {
                    quotePending = true;
                }
                return;
            }
        }
        switch (b) {
            case '\'', '"' -> quote = b;
            case '(' -> {
                if (depth++ == 0) {
                    tuples++;
                    rows.merge(table, 1L, Long::sum);
                }
            }
            case ')' -> depth = Math.max(0, depth - 1);
            case ';' -> {
                if (depth == 0) {
                    state = State.SKIP_LINE;
                }
            }
            default -> {
                // digits, NULL, 0x…, commas, white space
            }
        }
    }

    /** The table of {@code INSERT INTO `t` VALUES} when {@code head} is exactly that, else null. */
    private static String insertTarget(byte[] head) {
        if (!startsWith(head, INSERT)) {
            return null;
        }
        int end = identifierEnd(head, INSERT.length - 1);
        if (end < 0 || head.length - end != VALUES.length) {
            return null;
        }
        for (int i = 0; i < VALUES.length; i++) {
            if (head[end + i] != VALUES[i]) {
                return null;
            }
        }
        return identifier(head, INSERT.length - 1);
    }

    /** The index after the backtick-quoted identifier that starts at {@code open}, or -1. */
    private static int identifierEnd(byte[] text, int open) {
        for (int i = open + 1; i < text.length; i++) {
            if (text[i] == '`') {
                if (i + 1 < text.length && text[i + 1] == '`') {
                    i++;
                    continue;
                }
                return i + 1;
            }
        }
        return -1;
    }

    private static String identifier(byte[] text, int open) {
        int end = identifierEnd(text, open);
        if (end < 0) {
            return null;
        }
        return new String(text, open + 1, end - open - 2, StandardCharsets.UTF_8).replace("``", "`");
    }

    private static boolean startsWith(byte[] text, byte[] prefix) {
        if (text.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (text[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Whether the dump ended with the tool's {@code -- Dump completed} line (it writes that last). */
    boolean completed() {
        return completed;
    }

    /** Rows of every table seen, in dump order. */
    List<TableRecord> tables() {
        List<TableRecord> result = new ArrayList<>();
        rows.forEach((name, count) -> result.add(new TableRecord(name, count)));
        return result;
    }

    /** Tuples of all tables. */
    long totalRows() {
        return tuples;
    }
}
