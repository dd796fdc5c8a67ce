package io.github.embeddedbackup.core.source.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.testing.PgTestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data offsets written into a dump that pg_dump streamed through a pipe are exactly those pg_dump
 * writes itself when it dumps the same snapshot into a file.
 */
class CustomDumpOffsetsIT {

    static String database;

    @TempDir
    Path dir;

    @BeforeAll
    static void createDatabase() {
        PgTestServer.require();
        database = PgTestServer.createAwkwardDatabase("offsets");
        // Several tables of some size, so that data spans many chunks and reads of various sizes.
        PgTestServer.execute(database, "create table filler_a as select g, md5(g::text) as h from generate_series(1, 60000) g; "
                + "create table filler_b as select g, repeat('x', g % 500) as r from generate_series(1, 20000) g; "
                + "create table empty_one (id int)");
    }

    @AfterAll
    static void dropDatabase() {
        if (database != null) {
            PgTestServer.dropDatabase(database);
        }
    }

    @Test
    void offsetsFilledInAfterAPipeEqualThoseOfPgDumpWritingAFile() throws Exception {
        Path seekable = dir.resolve("seekable.dump");
        Path piped = dir.resolve("piped.dump");
        try (Connection conn = PgTestServer.info(database).connect()) {
            conn.setAutoCommit(false);
            conn.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            String snapshot;
            try (Statement statement = conn.createStatement(); ResultSet rs = statement.executeQuery("select pg_export_snapshot()")) {
                rs.next();
                snapshot = rs.getString(1);
            }
            pgDump(List.of("--file=" + seekable), snapshot, null);
            pgDump(List.of(), snapshot, piped);
            conn.commit();
        }
        byte[] original = Files.readAllBytes(piped);
        byte[] reference = Files.readAllBytes(seekable);
        assertThat(original).hasSameSizeAs(reference).isNotEqualTo(reference);

        CustomDumpOffsets offsets = new CustomDumpOffsets();
        try (InputStream in = Files.newInputStream(piped)) {
            // Uneven pieces, so that integers and headers are split across calls.
            byte[] buffer = new byte[7919];
            java.util.Random sizes = new java.util.Random(7);
            int n;
            while ((n = in.read(buffer, 0, 1 + sizes.nextInt(buffer.length))) >= 0) {
                offsets.accept(buffer, 0, n);
            }
        }
        int written = offsets.writeInto(piped);

        assertThat(offsets.unusable()).isNull();
        assertThat(written).as("table data entries and the large objects").isGreaterThanOrEqualTo(6);
        byte[] patched = Files.readAllBytes(piped);
        // Everything after the header (which holds the creation time) is now byte for byte what pg_dump wrote to a file.
        int tocStart = headerLength(reference);
        assertThat(Arrays.copyOfRange(patched, tocStart, patched.length)).isEqualTo(Arrays.copyOfRange(reference, tocStart, reference.length));
    }

    @Test
    void aDumpItCannotReadIsLeftAsItWas() throws IOException {
        Path notADump = dir.resolve("other.bin");
        byte[] bytes = "PGDMP\u0001\u0063\u0000 this is not a dump of a known version".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Files.write(notADump, bytes);
        CustomDumpOffsets offsets = new CustomDumpOffsets();
        offsets.accept(bytes, 0, bytes.length);

        assertThat(offsets.writeInto(notADump)).isZero();
        assertThat(offsets.unusable()).contains("archive version 1.99");
        assertThat(Files.readAllBytes(notADump)).isEqualTo(bytes);
    }

    @Test
    void aTruncatedDumpIsLeftAsItWas() throws Exception {
        Path piped = dir.resolve("piped.dump");
        pgDump(List.of(), null, piped);
        byte[] truncated = Arrays.copyOf(Files.readAllBytes(piped), (int) (Files.size(piped) - 100));
        Files.write(piped, truncated);
        CustomDumpOffsets offsets = new CustomDumpOffsets();
        offsets.accept(truncated, 0, truncated.length);

        assertThat(offsets.writeInto(piped)).isZero();
        assertThat(offsets.unusable()).contains("ends inside a data block");
        assertThat(Files.readAllBytes(piped)).isEqualTo(truncated);
    }

    /** Magic, version, sizes and format, compression, creation time, database name, two versions. */
    private static int headerLength(byte[] dump) {
        int intSize = dump[8];
        int at = 11;
        at += dump[6] >= 15 ? 1 : 1 + intSize; // compression: a byte from 1.15 on, an integer before
        at += 7 * (1 + intSize);
        for (int i = 0; i < 3; i++) {
            int length = 0;
            for (int b = 0; b < intSize; b++) {
                length |= (dump[at + 1 + b] & 0xff) << (8 * b);
            }
            at += 1 + intSize + length;
        }
        return at;
    }

    /** Runs pg_dump -Fc -Z0 of the test database, to a file of its own or through a pipe into {@code pipedTo}. */
    private static void pgDump(List<String> extra, String snapshot, Path pipedTo) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("pg_dump", "--format=custom", "--compress=0", "--no-password"));
        if (snapshot != null) {
            command.add("--snapshot=" + snapshot);
        }
        command.addAll(extra);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(PgTestServer.info(database).toolEnvironment().variables());
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process process = builder.start();
        try (InputStream out = process.getInputStream()) {
            if (pipedTo != null) {
                Files.copy(out, pipedTo);
            } else {
                out.transferTo(java.io.OutputStream.nullOutputStream());
            }
        }
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
    }
}
