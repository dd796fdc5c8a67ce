package io.github.embeddedbackup.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.embeddedbackup.core.archive.ArchiveReader;
import io.github.embeddedbackup.core.codec.Compressors;
import io.github.embeddedbackup.core.codec.GzipCompressor;
import io.github.embeddedbackup.core.manifest.EntryRecord;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.repository.BackupNotFoundException;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.storage.FilesystemBackupStorage;
import io.github.embeddedbackup.core.storage.StorageWriter;
import io.github.embeddedbackup.core.testing.FailingStorage;
import io.github.embeddedbackup.core.testing.GeneratedSource;
import io.github.embeddedbackup.core.verify.BackupVerifier;
import io.github.embeddedbackup.core.verify.VerifyLevel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupEngineTests {

    @TempDir
    Path dir;

    BackupRepository repository() {
        return new BackupRepository(new FilesystemBackupStorage(dir));
    }

    @Test
    void aFailedGzipBackupLeavesNoCompressionThreadsBehind() {
        BackupOptions gzip = BackupOptions.defaults().withCompressor(new GzipCompressor(1, 3));

        for (int attempt = 0; attempt < 3; attempt++) {
            // The source dies mid-stream (like pg_dump killed): the storage itself never failed.
            assertThatThrownBy(() -> new BackupEngine(repository(), gzip)
                            .backup(List.of(new GeneratedSource("gen", 30 * 1024 * 1024, 12 * 1024 * 1024, 42)), Map.of(),
                                    BackupProgressListener.NONE))
                    .isInstanceOf(BackupException.class);
        }
        // A daemon that retries a failing backup every few minutes must not pile up threads.
        long deadline = System.nanoTime() + Duration.ofMillis(800).toNanos(); // below the workers' 2 s idle timeout
        while (gzipThreads() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(gzipThreads()).isZero();
        assertThat(repository().list().backups()).isEmpty();
    }

    private static long gzipThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.getName().startsWith("gzip-") && thread.isAlive()).count();
    }

    @Test
    void largeStreamedEntryIsSplitIntoPartsThatConcatenateToTheData() throws IOException {
        GeneratedSource source = new GeneratedSource("gen", 5 * 1024 * 1024 + 123);
        Manifest manifest = new BackupEngine(repository(), BackupOptions.defaults().withPartSize(1024 * 1024))
                .backup(List.of(source), Map.of("trigger", "test"), BackupProgressListener.NONE);

        EntryRecord entry = manifest.entries().get(0);
        assertThat(entry.parts()).isEqualTo(6);
        assertThat(entry.size()).isEqualTo(5 * 1024 * 1024 + 123);
        assertThat(entry.sha256()).isEqualTo(source.sha256());
        // A plain tar reader sees members gen/data.bin.000001 … .000006 whose concatenation is the data.
        MessageDigest digest = io.github.embeddedbackup.core.archive.Sha256.newDigest();
        try (InputStream in = Compressors.forId("zstd").decompress(Files.newInputStream(dir.resolve(manifest.archive().key())));
                TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry member;
            int index = 0;
            while ((member = tar.getNextEntry()) != null) {
                assertThat(member.getName()).isEqualTo(String.format("gen/data.bin.%06d", ++index));
                digest.update(tar.readAllBytes());
            }
        }
        assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(source.sha256());
        assertThat(new BackupVerifier(repository()).verify(manifest.id(), VerifyLevel.CONTENT).problems()).isEmpty();
    }

    @Test
    void archiveReaderReturnsEveryEntryVerified() throws IOException {
        GeneratedSource first = new GeneratedSource("first", 3_000_000, Long.MAX_VALUE, 1);
        GeneratedSource second = new GeneratedSource("second", 10, Long.MAX_VALUE, 2);
        Manifest manifest = new BackupEngine(repository(), BackupOptions.defaults().withCompressor(new GzipCompressor()).withPartSize(1 << 20))
                .backup(List.of(first, second), Map.of(), BackupProgressListener.NONE);

        try (InputStream stored = repository().openArchive(manifest);
                ArchiveReader reader = new ArchiveReader(Compressors.forId("gzip").decompress(stored), manifest.id())) {
            assertThat(sha256(reader.openEntry(manifest.entries().get(0)))).isEqualTo(first.sha256());
            assertThat(sha256(reader.openEntry(manifest.entries().get(1)))).isEqualTo(second.sha256());
        }
    }

    @Test
    void storageFailingMidUploadLeavesNoBackupAndNoFile() throws IOException {
        BackupRepository failing = new BackupRepository(new FailingStorage(new FilesystemBackupStorage(dir), 2 * 1024 * 1024));

        assertThatThrownBy(() -> new BackupEngine(failing, BackupOptions.defaults())
                        .backup(List.of(new GeneratedSource("gen", 20 * 1024 * 1024)), Map.of(), BackupProgressListener.NONE))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("Backup of source 'gen'")
                .hasMessageContaining("simulated: No space left on device")
                .hasMessageContaining("Nothing was stored");
        assertThat(repository().list().backups()).isEmpty();
        assertNoFiles();
    }

    @Test
    void sourceFailingMidStreamLeavesNoBackup() throws IOException {
        Manifest good = new BackupEngine(repository(), BackupOptions.defaults())
                .backup(List.of(new GeneratedSource("gen", 1000)), Map.of(), BackupProgressListener.NONE);

        assertThatThrownBy(() -> new BackupEngine(repository(), BackupOptions.defaults())
                        .backup(List.of(new GeneratedSource("gen", 10_000_000, 3_000_000, 42)), Map.of(), BackupProgressListener.NONE))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("simulated source failure");
        assertThat(repository().list().backups()).extracting(Manifest::id).containsExactly(good.id());
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile)).hasSize(2);
        }
    }

    @Test
    void sourceNamesMustBeDistinctAndSafe() {
        BackupEngine engine = new BackupEngine(repository(), BackupOptions.defaults());
        assertThatThrownBy(() -> engine.backup(List.of(new GeneratedSource("a", 1), new GeneratedSource("a", 1)), Map.of(), BackupProgressListener.NONE))
                .isInstanceOf(BackupConfigurationException.class)
                .hasMessageContaining("Two sources are named 'a'");
        assertThatThrownBy(() -> engine.backup(List.of(new GeneratedSource("../etc", 1)), Map.of(), BackupProgressListener.NONE))
                .isInstanceOf(BackupConfigurationException.class)
                .hasMessageContaining("Source name '../etc' is not allowed");
        assertThatThrownBy(() -> engine.backup(List.of(), Map.of(), BackupProgressListener.NONE))
                .isInstanceOf(BackupConfigurationException.class)
                .hasMessageContaining("No source");
    }

    @Test
    void listIsNewestFirstLatestIsTheNewestAndDeleteRemovesBoth() {
        BackupEngine engine = new BackupEngine(repository(), BackupOptions.defaults());
        Manifest older = engine.backup(List.of(new GeneratedSource("gen", 100)), Map.of(), BackupProgressListener.NONE);
        Manifest newer = engine.backup(List.of(new GeneratedSource("gen", 100)), Map.of(), BackupProgressListener.NONE);

        assertThat(repository().list().backups()).extracting(Manifest::id).containsExactly(newer.id(), older.id());
        assertThat(repository().get("latest").id()).isEqualTo(newer.id());

        repository().delete(newer);
        assertThat(repository().get("latest").id()).isEqualTo(older.id());
        assertThat(dir.resolve(newer.archive().key())).doesNotExist();
        assertThatThrownBy(() -> repository().get(newer.id()))
                .isInstanceOf(BackupNotFoundException.class)
                .hasMessageContaining("no complete backup " + newer.id());
        assertThatThrownBy(() -> repository().get("../../etc/passwd"))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("is not a backup id");
    }

    @Test
    void cleanupRemovesOldOrphansButNotCompleteOrRecentOnes() throws IOException {
        Manifest complete = new BackupEngine(repository(), BackupOptions.defaults())
                .backup(List.of(new GeneratedSource("gen", 100)), Map.of(), BackupProgressListener.NONE);
        String oldOrphan = "archives/" + BackupId.generate(Instant.now().minus(Duration.ofDays(3))) + ".tar.zst";
        String newOrphan = "archives/" + BackupId.generate(Instant.now()) + ".tar.zst";
        for (String key : List.of(oldOrphan, newOrphan)) {
            StorageWriter writer = repository().storage().openWriter(key);
            writer.write(new byte[10]);
            writer.close();
        }
        Files.setLastModifiedTime(dir.resolve(oldOrphan), FileTime.from(Instant.now().minus(Duration.ofDays(3))));
        Files.setLastModifiedTime(dir.resolve(complete.archive().key()), FileTime.from(Instant.now().minus(Duration.ofDays(3))));
        StorageWriter abandoned = repository().storage().openWriter("archives/crashed.tar.zst");
        abandoned.write(new byte[5]);
        try (Stream<Path> files = Files.list(dir.resolve("archives"))) {
            files.filter(p -> p.getFileName().toString().startsWith(".")).forEach(p -> setOld(p));
        }

        List<String> removed = repository().removeOrphans(Duration.ofHours(24), Instant.now());

        assertThat(removed).containsExactly(oldOrphan);
        assertThat(dir.resolve(newOrphan)).exists();
        assertThat(dir.resolve(complete.archive().key())).exists();
        try (Stream<Path> files = Files.list(dir.resolve("archives"))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("."));
        }
    }

    private static void setOld(Path path) {
        try {
            Files.setLastModifiedTime(path, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void assertNoFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    private static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
