package io.github.embeddedbackup.core.source.mysql;

/**
 * The longest line of a dump seen so far, measured as it streams by: a dump has one statement a line,
 * and a statement longer than the server's max_allowed_packet cannot be loaded.
 */
final class LongestLine {

    private long longest;
    private long current;

    void add(byte[] buffer, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer[i] == '\n') {
                longest = Math.max(longest, current);
                current = 0;
            } else {
                current++;
            }
        }
    }

    long value() {
        return Math.max(longest, current);
    }
}
