package io.github.embeddedbackup.core.testing;

import io.github.embeddedbackup.core.source.ArchiveSink;
import io.github.embeddedbackup.core.source.BackupSource;
import io.github.embeddedbackup.core.source.SourceDetails;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A source whose first {@code failures} dumps break half-way, as a database that goes away does; later ones succeed. */
public final class FlakySource implements BackupSource {

    private final String name;
    private final AtomicInteger failuresLeft;

    /** @param failures how many backups fail before the next succeeds; {@link Integer#MAX_VALUE}: always */
    public FlakySource(String name, int failures) {
        this.name = name;
        this.failuresLeft = new AtomicInteger(failures);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "test";
    }

    @Override
    public SourceDetails backup(ArchiveSink sink) throws IOException {
        try (OutputStream out = sink.openEntry("data.bin")) {
            out.write(new byte[64 * 1024]);
        }
        if (failuresLeft.getAndUpdate(left -> left == Integer.MAX_VALUE ? left : Math.max(0, left - 1)) > 0) {
            throw new IOException("connection reset by the database");
        }
        return new SourceDetails(Map.of(), List.of());
    }
}
