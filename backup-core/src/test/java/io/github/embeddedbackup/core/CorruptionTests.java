package io.github.embeddedbackup.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.embeddedbackup.core.codec.NoCompressor;
import io.github.embeddedbackup.core.manifest.CorruptManifestException;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.manifest.UnsupportedFormatVersionException;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.restore.BackupRestorer;
import io.github.embeddedbackup.core.source.RestoreOptions;
import io.github.embeddedbackup.core.source.sqlite.SqliteRestoreTarget;
import io.github.embeddedbackup.core.source.sqlite.SqliteSource;
import io.github.embeddedbackup.core.storage.FilesystemBackupStorage;
import io.github.embeddedbackup.core.testing.Bytes;
import io.github.embeddedbackup.core.verify.BackupVerifier;
import io.github.embeddedbackup.core.verify.VerificationReport;
import io.github.embeddedbackup.core.verify.VerifyLevel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged backups are detected by verify and refused by restore, which then leaves nothing behind. */
class CorruptionTests {

    static final String MARKER = "MARKER-CORRUPT-ME";

    @TempDir
    Path dir;

    Path live;
    BackupRepository repository;

    @BeforeEach
    void createDatabase() throws Exception {
        live = dir.resolve("app.db");
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + live); Statement statement = conn.createStatement()) {
            statement.execute("create table note (id integer primary key, body text)");
            statement.execute("with recursive n(i) as (select 1 union all select i + 1 from n where i < 20000) "
                    + "insert into note (body) select 'note ' || i from n");
            statement.execute("insert into note (body) values ('" + MARKER + "')");
        }
        repository = new BackupRepository(new FilesystemBackupStorage(dir.resolve("backups")));
    }

    @Test
    void flippedByteInACompressedArchiveIsNamedByVerifyAndRefusedByRestore() throws IOException {
        Manifest manifest = backup(BackupOptions.defaults());
        Path archive = archiveFile(manifest);
        Bytes.flipByte(archive, Files.size(archive) / 2);

        VerificationReport checksum = new BackupVerifier(repository).verify(manifest.id(), VerifyLevel.CHECKSUM);
        assertThat(checksum.ok()).isFalse();
        assertThat(checksum.problems()).anySatisfy(problem -> assertThat(problem)
                .contains(manifest.archive().key()).contains("SHA-256").contains(manifest.archive().sha256()).contains("changed"));

        VerificationReport content = new BackupVerifier(repository).verify(manifest.id(), VerifyLevel.CONTENT);
        assertThat(content.problems()).hasSizeGreaterThan(1);

        Path target = dir.resolve("restored.db");
        // Whether zstd or the checksum notices first, the user reads that the backup is damaged and what to do.
        assertThatThrownBy(() -> restore(manifest, target)).isInstanceOf(BackupException.class).hasMessageContaining(manifest.id())
                .hasMessageContaining("damaged").hasMessageContaining("another backup");
        assertNothingRestored(target);
    }

    @Test
    void flippedByteInPlainDataIsCaughtByTheEntryChecksumBeforeTheTargetAppears() throws IOException {
        Manifest manifest = backup(BackupOptions.defaults().withCompressor(new NoCompressor()));
        Path archive = archiveFile(manifest);
        long at = Bytes.indexOf(Files.readAllBytes(archive), MARKER.getBytes(StandardCharsets.US_ASCII));
        assertThat(at).as("the marker is stored in plain text").isPositive();
        Bytes.flipByte(archive, at + 3); // still a valid tar and a valid SQLite page: only the checksums can tell

        VerificationReport content = new BackupVerifier(repository).verify(manifest.id(), VerifyLevel.CONTENT);
        assertThat(content.problems()).anySatisfy(problem -> assertThat(problem).contains("Entry 'app/database.sqlite' has SHA-256"));

        Path target = dir.resolve("restored.db");
        assertThatThrownBy(() -> restore(manifest, target))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining("Backup " + manifest.id() + " is damaged")
                .hasMessageContaining("archive entry 'app/database.sqlite' does not match its checksum");
        assertNothingRestored(target);
    }

    @Test
    void truncatedArchiveIsReportedAndRefused() throws IOException {
        Manifest manifest = backup(BackupOptions.defaults());
        Path archive = archiveFile(manifest);
        byte[] bytes = Files.readAllBytes(archive);
        Files.write(archive, java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));

        VerificationReport report = new BackupVerifier(repository).verify(manifest.id(), VerifyLevel.CONTENT);
        assertThat(report.problems()).anySatisfy(problem -> assertThat(problem).contains("has " + bytes.length * 2 / 3 + " bytes; the manifest says " + bytes.length));
        assertThat(report.problems()).anySatisfy(problem -> assertThat(problem).contains("cannot be read to its end"));

        Path target = dir.resolve("restored.db");
        assertThatThrownBy(() -> restore(manifest, target)).isInstanceOf(BackupException.class);
        assertNothingRestored(target);
    }

    @Test
    void missingArchiveIsReportedAndRefused() throws IOException {
        Manifest manifest = backup(BackupOptions.defaults());
        Files.delete(archiveFile(manifest));

        assertThat(new BackupVerifier(repository).verify(manifest.id(), VerifyLevel.CHECKSUM).problems())
                .containsExactly("The archive '" + manifest.archive().key() + "' is missing from " + repository.storage().describe() + ".");
        assertThatThrownBy(() -> restore(manifest, dir.resolve("restored.db")))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining("is missing");
    }

    @Test
    void unknownFormatVersionStopsReadersWithBothVersions() throws IOException {
        Manifest manifest = backup(BackupOptions.defaults());
        Path manifestFile = dir.resolve("backups").resolve(BackupRepository.manifestKey(manifest.backupId()));
        Files.writeString(manifestFile, Files.readString(manifestFile).replace("\"formatVersion\" : 1", "\"formatVersion\" : 2"));

        assertThat(repository.list().backups()).as("not listed as a usable backup").isEmpty();
        assertThat(repository.list().problems()).singleElement().satisfies(problem -> assertThat(problem)
                .contains("uses format version 2").contains("reads format version 1"));
        assertThatThrownBy(() -> repository.get(manifest.id()))
                .isInstanceOf(UnsupportedFormatVersionException.class)
                .hasMessageContaining("Backup " + manifest.id() + " uses format version 2")
                .hasMessageContaining("newer release");
        Path target = dir.resolve("restored.db");
        assertThatThrownBy(() -> restore(manifest, target)).isInstanceOf(UnsupportedFormatVersionException.class);
        assertThat(target).doesNotExist();
    }

    @Test
    void unreadableManifestIsReportedNotIgnored() throws IOException {
        Manifest manifest = backup(BackupOptions.defaults());
        Path manifestFile = dir.resolve("backups").resolve(BackupRepository.manifestKey(manifest.backupId()));
        Files.writeString(manifestFile, "{\"formatVersion\": 1, \"id\": ");

        assertThat(repository.list().problems()).singleElement().satisfies(problem -> assertThat(problem).contains("is unreadable"));
        assertThatThrownBy(() -> repository.get(manifest.id())).isInstanceOf(CorruptManifestException.class);
    }

    private Manifest backup(BackupOptions options) {
        return new BackupEngine(repository, options).backup(List.of(new SqliteSource("app", live)), Map.of(), BackupProgressListener.NONE);
    }

    private void restore(Manifest manifest, Path target) {
        new BackupRestorer(repository).restore(manifest.id(), null, new SqliteRestoreTarget(target), RestoreOptions.defaults());
    }

    private Path archiveFile(Manifest manifest) {
        return dir.resolve("backups").resolve(manifest.archive().key());
    }

    private void assertNothingRestored(Path target) throws IOException {
        assertThat(target).doesNotExist();
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file is left").noneMatch(n -> n.contains(".restore-"));
        }
    }
}
