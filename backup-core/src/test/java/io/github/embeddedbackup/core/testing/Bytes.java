package io.github.embeddedbackup.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Byte-level damage for corruption tests. */
public final class Bytes {

    private Bytes() {}

    /** The first position of {@code needle} in {@code haystack}, or -1. */
    public static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Flips the lowest bit of the byte at {@code position}. */
    public static void flipByte(Path file, long position) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) position] ^= 0x01;
        Files.write(file, bytes);
    }
}
