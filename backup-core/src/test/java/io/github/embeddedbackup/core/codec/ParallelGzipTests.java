package io.github.embeddedbackup.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParallelGzipTests {

    private static final int BLOCK = ParallelGzipOutputStream.BLOCK_SIZE;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 100, 32 * 1024 - 1, BLOCK - 1, BLOCK, BLOCK + 1, 3 * BLOCK, 5 * BLOCK + 12345})
    void anyLengthReadsBackThroughTheJdkAndThroughGzip(int length) throws Exception {
        byte[] data = dumpLike(length, 7);
        byte[] compressed = compress(data, 6, 2, 4093);

        assertThat(decompress(compressed)).isEqualTo(data);
        // The stock tool accepts it too: checksums, length and structure are those of one gzip member.
        Path file = dir.resolve("data.gz");
        Files.write(file, compressed);
        Process gzip = new ProcessBuilder("gzip", "-dc", file.toString()).redirectErrorStream(false).start();
        byte[] fromTool = gzip.getInputStream().readAllBytes();
        assertThat(gzip.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(gzip.exitValue()).isZero();
        assertThat(fromTool).isEqualTo(data);
    }

    @Test
    void outputDependsOnTheDataNotOnTheNumberOfThreads() throws IOException {
        byte[] data = dumpLike(4 * BLOCK + 999, 3);
        byte[] inline = compress(data, 6, 0, 65536);

        assertThat(compress(data, 6, 1, 1000)).isEqualTo(inline);
        assertThat(compress(data, 6, 2, 65536)).isEqualTo(inline);
        assertThat(compress(data, 6, 5, 7)).isEqualTo(inline);
    }

    @Test
    void ratioStaysWithinOnePercentOfSingleStreamGzip() throws IOException {
        byte[] data = dumpLike(8 * BLOCK, 11);
        ByteArrayOutputStream single = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(single, 65536) {
            {
                def.setLevel(6);
            }
        }) {
            gzip.write(data);
        }
        byte[] parallel = compress(data, 6, 2, 65536);

        assertThat(parallel.length).isLessThan(data.length / 2);
        assertThat((double) parallel.length).isLessThan(single.size() * 1.01);
    }

    @Test
    void aFailingTargetFailsTheWriteOrTheClose() {
        OutputStream failing = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("disk full");
            }
        };
        byte[] data = dumpLike(6 * BLOCK, 5);

        assertThatThrownBy(() -> {
            try (OutputStream gzip = new ParallelGzipOutputStream(failing, 6, 2)) {
                gzip.write(data);
            }
        }).isInstanceOf(IOException.class).hasMessageContaining("disk full");
    }

    private static byte[] compress(byte[] data, int level, int threads, int writeSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gzip = new GzipCompressor(level, threads).compress(out)) {
            for (int off = 0; off < data.length; off += writeSize) {
                gzip.write(data, off, Math.min(writeSize, data.length - off));
            }
        }
        return out.toByteArray();
    }

    private static byte[] decompress(byte[] compressed) throws IOException {
        try (InputStream in = new GzipCompressor().decompress(new ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        }
    }

    /** Text with repetition across block boundaries, like COPY data: compressible, not trivially. */
    private static byte[] dumpLike(int length, long seed) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(length + 100);
        String[] words = {"account", "branch", "teller", "history", "filler", "é", "\\N", "2026-11-24", "{\"kind\":\"view\"}"};
        while (text.length() < length) {
            text.append(random.nextInt(1_000_000)).append('\t').append(words[random.nextInt(words.length)]).append('\t')
                    .append(random.nextInt(100)).append('\n');
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        byte[] result = new byte[length];
        System.arraycopy(bytes, 0, result, 0, length);
        return result;
    }
}
