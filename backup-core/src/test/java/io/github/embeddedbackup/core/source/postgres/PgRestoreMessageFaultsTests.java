package io.github.embeddedbackup.core.source.postgres;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.embeddedbackup.core.BackupException;
import io.github.embeddedbackup.core.manifest.SourceRecord;
import io.github.embeddedbackup.core.source.RestoreOptions;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A restore failure whose cause carries no message names the cause's class, never "null". */
@Tag("fault-matrix")
class PgRestoreMessageFaultsTests {

    @Test
    void aCauseWithoutAMessageIsNamedByItsClass() {
        PgRestoreTarget target = new PgRestoreTarget(PgConnectionInfo.fromJdbcUrl("jdbc:postgresql://127.0.0.1:1/nothing"), "pg_restore");
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException(); // as a broken stream can: no message at all
            }
        };
        SourceRecord source = new SourceRecord("main", "postgres", List.of(), Map.of(), List.of());

        // Two jobs: the dump is spooled first, and the read fails there, before pg_restore or the server is involved.
        assertThatThrownBy(() -> target.restore(source, failing, new RestoreOptions(false, false, 2, List.of(), false)))
                .isInstanceOf(BackupException.class)
                .message().doesNotStartWith("null").doesNotContain("null ")
                .startsWith("Restore into ").contains("failed: java.io.IOException (without a message).")
                .as("the spool failed before pg_restore ran: nothing reached the database")
                .contains("pg_restore had not started").contains("is as it was").doesNotContain("PARTIAL");
    }
}
