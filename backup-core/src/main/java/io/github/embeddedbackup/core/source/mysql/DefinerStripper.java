package io.github.embeddedbackup.core.source.mysql;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Removes {@code DEFINER=`user`@`host`} from the statements of a dump that create views, triggers,
 * routines and events, so the restoring user becomes their definer: for a restore "without ownership",
 * when the original user does not exist on the target or the restoring user may not name another
 * definer (SUPER / SET USER). Only lines that start like such a statement ({@code /*!} or
 * {@code CREATE}) are looked at; data never starts a line that way (a dump escapes line breaks inside
 * values, and tuples start with {@code (}), so no value is ever changed.
 */
final class DefinerStripper extends FilterOutputStream {

    private static final Pattern DEFINER = Pattern.compile("DEFINER=`(?:[^`]|``)*`@`(?:[^`]|``)*`\\s?");
    /** Enough to tell a definer-carrying line from any other. */
    private static final int DECIDE_AT = 8;
    /** A longer statement line is passed on unchanged (no dump writes definers on such lines). */
    private static final int LINE_LIMIT = 1 << 20;

    private enum State { START, BUFFER, PASS }

    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private State state = State.START;

    DefinerStripper(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int passFrom = -1; // the start of a run of bytes passed on as they are
        for (int i = off; i < off + len; i++) {
            byte c = b[i];
            switch (state) {
                case PASS -> {
                    if (passFrom < 0) {
                        passFrom = i;
                    }
                    if (c == '\n') {
                        state = State.START;
                        out.write(b, passFrom, i + 1 - passFrom);
                        passFrom = -1;
                    }
                }
                case START -> {
                    line.write(c);
                    if (c == '\n') {
                        flushLine(false);
                    } else if (line.size() == DECIDE_AT) {
                        String start = line.toString(StandardCharsets.US_ASCII);
                        if (start.startsWith("/*!") || start.startsWith("CREATE ")) {
                            state = State.BUFFER;
                        } else {
                            line.writeTo(out);
                            line.reset();
                            state = State.PASS;
                        }
                    }
                }
                case BUFFER -> {
                    line.write(c);
                    if (c == '\n') {
                        flushLine(true);
                    } else if (line.size() > LINE_LIMIT) {
                        line.writeTo(out);
                        line.reset();
                        state = State.PASS;
                    }
                }
            }
        }
        if (passFrom >= 0) {
            out.write(b, passFrom, off + len - passFrom);
        }
    }

    private void flushLine(boolean rewrite) throws IOException {
        if (rewrite) {
            String text = line.toString(StandardCharsets.UTF_8);
            out.write(DEFINER.matcher(text).replaceAll("").getBytes(StandardCharsets.UTF_8));
        } else {
            line.writeTo(out);
        }
        line.reset();
        state = State.START;
    }

    /** Writes what is buffered (a last line without a line break), then closes. */
    @Override
    public void close() throws IOException {
        if (line.size() > 0) {
            flushLine(state == State.BUFFER);
        }
        super.close();
    }
}
