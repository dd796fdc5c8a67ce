package io.github.embeddedbackup.core.source.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.embeddedbackup.core.BackupEngine;
import io.github.embeddedbackup.core.BackupException;
import io.github.embeddedbackup.core.BackupOptions;
import io.github.embeddedbackup.core.BackupProgressListener;
import io.github.embeddedbackup.core.IntegrityException;
import io.github.embeddedbackup.core.codec.NoCompressor;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.restore.BackupRestorer;
import io.github.embeddedbackup.core.source.RestoreOptions;
import io.github.embeddedbackup.core.storage.FilesystemBackupStorage;
import io.github.embeddedbackup.core.testing.Bytes;
import io.github.embeddedbackup.core.testing.PgTestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged backup never reaches a PostgreSQL target. The flipped byte here sits in table data, where
 * pg_restore itself would load it without complaint: only our checksum can catch it, and it must do
 * so before pg_restore commits.
 */
class PgCorruptionIT {

    static final String MARKER = "MARKER-CORRUPT-ME";
    static String database;
    final List<String> created = new ArrayList<>();

    @TempDir
    Path storageDir;

    @BeforeAll
    static void seed() {
        PgTestServer.require();
        database = PgTestServer.createDatabase("bt_corrupt");
        PgTestServer.execute(database, "create table note (id serial primary key, body text);"
                + "insert into note (body) select 'note ' || g from generate_series(1, 50000) g;"
                + "insert into note (body) values ('" + MARKER + "');"
                + "create table tail (id int); insert into tail select generate_series(1, 1000);");
    }

    @AfterAll
    static void drop() {
        if (database != null) {
            PgTestServer.dropDatabase(database);
        }
    }

    @AfterEach
    void dropCreated() {
        created.forEach(PgTestServer::dropDatabase);
    }

    @Test
    void flippedByteInTableDataDropsTheDatabaseTheRestoreCreated() throws IOException {
        Manifest manifest = backupWithFlippedMarker();
        String target = "bt_corrupt_new_" + Long.toHexString(System.nanoTime());
        created.add(target);

        assertThatThrownBy(() -> restore(manifest, target, new RestoreOptions(true, false, 1, List.of(), false)))
                .isInstanceOf(BackupException.class)
                .hasCauseInstanceOf(IntegrityException.class)
                .hasMessageContaining("does not match its checksum")
                .hasMessageContaining("that this restore created was dropped again");
        assertThat(PgTestServer.databaseExists(target)).isFalse();
    }

    @Test
    void flippedByteInTableDataLeavesAnExistingEmptyDatabaseEmpty() throws IOException {
        Manifest manifest = backupWithFlippedMarker();
        String target = PgTestServer.createDatabase("bt_corrupt_empty");
        created.add(target);

        assertThatThrownBy(() -> restore(manifest, target, RestoreOptions.defaults()))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("does not match its checksum")
                .hasMessageContaining("rolled back");
        assertThat(PgTestServer.query(target, "select count(*) from pg_tables where schemaname = 'public'")).containsExactly("0");
    }

    @Test
    void flippedByteWithParallelJobsIsCaughtBeforePgRestoreStarts() throws IOException {
        Manifest manifest = backupWithFlippedMarker();
        String target = "bt_corrupt_jobs_" + Long.toHexString(System.nanoTime());
        created.add(target);

        assertThatThrownBy(() -> restore(manifest, target, new RestoreOptions(true, false, 2, List.of(), false)))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("does not match its checksum");
        assertThat(PgTestServer.databaseExists(target)).isFalse();
    }

    @Test
    void undamagedBackupOfTheSameDataRestores() {
        Manifest manifest = backup();
        String target = "bt_corrupt_ok_" + Long.toHexString(System.nanoTime());
        created.add(target);

        restore(manifest, target, new RestoreOptions(true, false, 1, List.of(), false));

        assertThat(PgTestServer.query(target, "select count(*) from note where body = '" + MARKER + "'")).containsExactly("1");
    }

    private Manifest backupWithFlippedMarker() throws IOException {
        Manifest manifest = backup();
        Path archive = storageDir.resolve(manifest.archive().key());
        byte[] bytes = Files.readAllBytes(archive);
        int at = Bytes.indexOf(bytes, MARKER.getBytes(StandardCharsets.US_ASCII));
        assertThat(at).as("the marker is in the uncompressed archive").isPositive();
        bytes[at + MARKER.length() - 1] ^= 0x01; // MARKER-CORRUPT-ME -> MARKER-CORRUPT-MD: still valid text
        Files.write(archive, bytes);
        return manifest;
    }

    private Manifest backup() {
        BackupRepository repository = new BackupRepository(new FilesystemBackupStorage(storageDir));
        return new BackupEngine(repository, BackupOptions.defaults().withCompressor(new NoCompressor()))
                .backup(List.of(new PgDumpSource("main", PgTestServer.info(database))), Map.of(), BackupProgressListener.NONE);
    }

    private void restore(Manifest manifest, String target, RestoreOptions options) {
        BackupRepository repository = new BackupRepository(new FilesystemBackupStorage(storageDir));
        new BackupRestorer(repository).restore(manifest.id(), null, new PgRestoreTarget(PgTestServer.info(target)), options);
    }
}
