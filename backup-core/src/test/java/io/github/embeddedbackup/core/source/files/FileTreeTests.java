package io.github.embeddedbackup.core.source.files;

import io.github.embeddedbackup.core.Remedy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.embeddedbackup.core.BackupEngine;
import io.github.embeddedbackup.core.BackupException;
import io.github.embeddedbackup.core.BackupOptions;
import io.github.embeddedbackup.core.BackupProgressListener;
import io.github.embeddedbackup.core.codec.NoCompressor;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.restore.BackupRestorer;
import io.github.embeddedbackup.core.source.RestoreOptions;
import io.github.embeddedbackup.core.source.ArchiveSink;
import io.github.embeddedbackup.core.source.BackupSource;
import io.github.embeddedbackup.core.source.SourceDetails;
import io.github.embeddedbackup.core.source.sqlite.SqliteRestoreTarget;
import io.github.embeddedbackup.core.source.sqlite.SqliteSource;
import io.github.embeddedbackup.core.storage.FilesystemBackupStorage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreeTests {

    @TempDir
    Path dir;

    Path tree;
    Path outside;
    BackupRepository repository;

    @BeforeEach
    void createTree() throws IOException {
        tree = dir.resolve("uploads");
        outside = dir.resolve("outside");
        Files.createDirectories(outside);
        Files.writeString(outside.resolve("secret.txt"), "OUTSIDE-SECRET-CONTENT");
        Files.createDirectories(tree.resolve("Grüße/日本語"));
        Files.createDirectories(tree.resolve("empty/nested-empty"));
        Files.writeString(tree.resolve("Grüße/日本語/ファイル.txt"), "unicode ✓");
        Files.writeString(tree.resolve("run.sh"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(tree.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.write(tree.resolve("private.key"), new byte[] {0, 1, 2, (byte) 255});
        Files.setPosixFilePermissions(tree.resolve("private.key"), PosixFilePermissions.fromString("rw-------"));
        Files.writeString(tree.resolve("cache.tmp"), "skip me");
        Files.createSymbolicLink(tree.resolve("link-inside"), Path.of("Grüße/日本語/ファイル.txt"));
        Files.createSymbolicLink(tree.resolve("link-outside"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(tree.resolve("dir-link-outside"), outside);
        Files.setLastModifiedTime(tree.resolve("run.sh"), FileTime.from(Instant.parse("2020-02-29T12:34:56Z")));
        Files.setLastModifiedTime(tree.resolve("Grüße"), FileTime.from(Instant.parse("2021-01-01T00:00:00Z")));
        repository = new BackupRepository(new FilesystemBackupStorage(dir.resolve("backups")));
    }

    @Test
    void treeRestoresWithNamesModesTimesEmptyFoldersAndLinks() throws IOException {
        Manifest manifest = backup(new FileTreeSource("uploads", tree), new NoCompressor());
        Path restored = dir.resolve("restored/uploads");

        restore(manifest, "uploads", new FileTreeRestoreTarget(restored), RestoreOptions.defaults());

        assertThat(describeTree(restored)).isEqualTo(describeTree(tree));
        assertThat(Files.readSymbolicLink(restored.resolve("link-outside"))).isEqualTo(outside.resolve("secret.txt"));
        assertThat(manifest.sources().get(0).properties()).containsEntry("files", "4").containsEntry("symlinks", "3");
        String archive = new String(Files.readAllBytes(dir.resolve("backups").resolve(manifest.archive().key())), StandardCharsets.UTF_8);
        assertThat(archive).as("links are stored as links: what they point to is never read").doesNotContain("OUTSIDE-SECRET-CONTENT");
    }

    @Test
    void includeAndExcludeGlobsSelectWhatIsStored() throws IOException {
        Manifest manifest = backup(new FileTreeSource("uploads", tree, List.of("**.txt", "run.sh", "Grüße", "Grüße/**"), List.of("cache.*")),
                new NoCompressor());
        Path restored = dir.resolve("restored");

        restore(manifest, "uploads", new FileTreeRestoreTarget(restored), RestoreOptions.defaults());

        try (Stream<Path> files = Files.walk(restored)) {
            assertThat(files.map(p -> restored.relativize(p).toString()).filter(s -> !s.isEmpty()).sorted())
                    .containsExactly("Grüße", "Grüße/日本語", "Grüße/日本語/ファイル.txt", "run.sh");
        }
    }

    @Test
    void oneBackupCombinesADatabaseAndAFolder() throws Exception {
        Path db = dir.resolve("app.db");
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + db); Statement statement = conn.createStatement()) {
            statement.execute("create table t (x text); insert into t values ('combined')");
        }
        Manifest manifest = new BackupEngine(repository, BackupOptions.defaults()).backup(
                List.of(new SqliteSource("app", db), new FileTreeSource("uploads", tree)), Map.of(), BackupProgressListener.NONE);

        restore(manifest, null, new SqliteRestoreTarget(dir.resolve("r/app.db")), RestoreOptions.defaults());
        restore(manifest, null, new FileTreeRestoreTarget(dir.resolve("r/uploads")), RestoreOptions.defaults());

        assertThat(describeTree(dir.resolve("r/uploads"))).isEqualTo(describeTree(tree));
        assertThat(dir.resolve("r/app.db")).exists();
    }

    @Test
    void aNonEmptyTargetIsRefusedAndCleanReplacesItWhole() throws IOException {
        Manifest manifest = backup(new FileTreeSource("uploads", tree), new NoCompressor());
        Path target = dir.resolve("existing");
        Files.createDirectories(target);
        Files.writeString(target.resolve("old.txt"), "old");

        assertThatThrownBy(() -> restore(manifest, "uploads", new FileTreeRestoreTarget(target), RestoreOptions.defaults()))
                .hasMessageContaining("not empty").hasMessageNotContaining("--")
                .satisfies(e -> assertThat(((BackupException) e).remedies()).containsExactly(Remedy.CLEAN_TARGET));
        assertThat(target.resolve("old.txt")).hasContent("old");

        restore(manifest, "uploads", new FileTreeRestoreTarget(target), new RestoreOptions(false, true, 1, List.of(), false));
        assertThat(describeTree(target)).isEqualTo(describeTree(tree));
        try (Stream<Path> siblings = Files.list(dir)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("."));
        }
    }

    @Test
    void craftedArchivesCannotWriteOutsideTheTarget() throws IOException {
        List<Consumer<TarArchiveOutputStream>> attacks = List.of(
                tar -> file(tar, "../escaped.txt", "evil"),
                tar -> file(tar, "a/../../escaped.txt", "evil"),
                tar -> file(tar, outside.resolve("absolute.txt").toString(), "evil"),
                tar -> {
                    link(tar, "innocent", outside.toString());
                    file(tar, "innocent/escaped.txt", "evil");
                },
                tar -> {
                    link(tar, "up", "..");
                    file(tar, "up/escaped.txt", "evil");
                },
                tar -> {
                    TarArchiveEntry hard = new TarArchiveEntry("hard", TarConstants.LF_LINK);
                    hard.setLinkName(outside.resolve("secret.txt").toString());
                    put(tar, hard, new byte[0]);
                });
        int i = 0;
        for (Consumer<TarArchiveOutputStream> attack : attacks) {
            Manifest manifest = backup(new CraftedSource(attack), new NoCompressor());
            Path target = dir.resolve("victim-" + i++);

            assertThatThrownBy(() -> restore(manifest, "evil", new FileTreeRestoreTarget(target), RestoreOptions.defaults()))
                    .isInstanceOf(BackupException.class)
                    .hasMessageContaining("Refusing to restore");
            assertThat(target).doesNotExist();
            assertThat(dir.resolve("escaped.txt")).doesNotExist();
            try (Stream<Path> files = Files.list(outside)) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactly("secret.txt");
            }
            assertThat(outside.resolve("secret.txt")).hasContent("OUTSIDE-SECRET-CONTENT");
        }
    }

    @Test
    void aLinkInTheTreeIsRestoredAsALinkAndNeverFollowed() throws IOException {
        // Links that point outside are legitimate content (e.g. to /usr/share/zoneinfo): they are
        // recreated as links, and nothing is written through them.
        Manifest manifest = backup(new CraftedSource(tar -> {
            file(tar, "data.txt", "fine");
            link(tar, "zone", "/usr/share/zoneinfo/UTC");
        }), new NoCompressor());
        Path target = dir.resolve("restored");

        restore(manifest, "evil", new FileTreeRestoreTarget(target), RestoreOptions.defaults());

        assertThat(Files.readSymbolicLink(target.resolve("zone"))).isEqualTo(Path.of("/usr/share/zoneinfo/UTC"));
        assertThat(target.resolve("data.txt")).hasContent("fine");
    }

    @Test
    void aMissingRootIsRefused() {
        assertThatThrownBy(() -> backup(new FileTreeSource("x", dir.resolve("nope")), new NoCompressor()))
                .hasMessageContaining("is not a directory");
    }

    private Manifest backup(BackupSource source, io.github.embeddedbackup.core.codec.Compressor compressor) {
        return new BackupEngine(repository, BackupOptions.defaults().withCompressor(compressor))
                .backup(List.of(source), Map.of(), BackupProgressListener.NONE);
    }

    private void restore(Manifest manifest, String source, io.github.embeddedbackup.core.source.RestoreTarget target, RestoreOptions options) {
        new BackupRestorer(repository).restore(manifest.id(), source, target, options);
    }

    /** Every path with its type, permissions, size, content hash or link target, and modification time. */
    static Map<String, String> describeTree(Path root) throws IOException {
        Map<String, String> result = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.filter(p -> !p.equals(root)).toList()) {
                String relative = root.relativize(path).toString();
                if (Files.isSymbolicLink(path)) {
                    result.put(relative, "link -> " + Files.readSymbolicLink(path));
                } else if (Files.isDirectory(path)) {
                    result.put(relative, "dir " + PosixFilePermissions.toString(Files.getPosixFilePermissions(path))
                            + " " + Files.getLastModifiedTime(path).toInstant().getEpochSecond());
                } else {
                    result.put(relative, "file " + PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS))
                            + " " + Files.size(path) + " " + java.util.Arrays.hashCode(Files.readAllBytes(path)) + " "
                            + Files.getLastModifiedTime(path).toInstant().getEpochSecond());
                }
            }
        }
        return result;
    }

    static void file(TarArchiveOutputStream tar, String name, String content) {
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        entry.setSize(bytes.length);
        put(tar, entry, bytes);
    }

    static void link(TarArchiveOutputStream tar, String name, String target) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
        entry.setLinkName(target);
        put(tar, entry, new byte[0]);
    }

    static void put(TarArchiveOutputStream tar, TarArchiveEntry entry, byte[] data) {
        try {
            tar.putArchiveEntry(entry);
            tar.write(data);
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A files source whose inner tar is written by hand, as an attacker would. */
    record CraftedSource(Consumer<TarArchiveOutputStream> content) implements BackupSource {
        @Override
        public String name() {
            return "evil";
        }

        @Override
        public String type() {
            return FileTreeSource.TYPE;
        }

        @Override
        public SourceDetails backup(ArchiveSink sink) throws IOException {
            OutputStream entry = sink.openEntry(FileTreeSource.ENTRY);
            TarArchiveOutputStream tar = new TarArchiveOutputStream(entry);
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            content.accept(tar);
            tar.finish();
            entry.close();
            return new SourceDetails(Map.of(), List.of());
        }
    }
}
