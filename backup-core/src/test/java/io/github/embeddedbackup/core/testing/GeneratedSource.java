package io.github.embeddedbackup.core.testing;

import io.github.embeddedbackup.core.source.ArchiveSink;
import io.github.embeddedbackup.core.source.BackupSource;
import io.github.embeddedbackup.core.source.SourceDetails;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** A source that streams {@code size} bytes of seeded, half-compressible data; optionally fails after {@code failAfter}. */
public final class GeneratedSource implements BackupSource {

    private final String name;
    private final long size;
    private final long failAfter;
    private final long seed;

    public GeneratedSource(String name, long size, long failAfter, long seed) {
        this.name = name;
        this.size = size;
        this.failAfter = failAfter;
        this.seed = seed;
    }

    public GeneratedSource(String name, long size) {
        this(name, size, Long.MAX_VALUE, 42);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "generated";
    }

    @Override
    public SourceDetails backup(ArchiveSink sink) throws IOException {
        OutputStream out = sink.openEntry("data.bin");
        write(out);
        out.close();
        return new SourceDetails(Map.of("seed", Long.toString(seed)), List.of());
    }

    /** The SHA-256 of the data this source writes. */
    public String sha256() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            write(new OutputStream() {
                @Override
                public void write(int b) {
                    digest.update((byte) b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    digest.update(b, off, len);
                }
            });
            return HexFormat.of().formatHex(digest.digest());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void write(OutputStream out) throws IOException {
        Random random = new Random(seed);
        byte[] chunk = new byte[64 * 1024];
        long written = 0;
        while (written < size) {
            random.nextBytes(chunk);
            for (int i = 0; i < chunk.length; i += 2) {
                chunk[i] = 'a'; // half of it compresses
            }
            int n = (int) Math.min(chunk.length, size - written);
            if (written + n > failAfter) {
                throw new IOException("simulated source failure after " + failAfter + " bytes");
            }
            out.write(chunk, 0, n);
            written += n;
        }
    }
}
