package io.github.embeddedbackup.core.source.files;

import io.github.embeddedbackup.core.archive.Sha256;
import io.github.embeddedbackup.core.manifest.SourceRecord;
import io.github.embeddedbackup.core.manifest.TableRecord;
import io.github.embeddedbackup.core.source.RestoreOptions;
import io.github.embeddedbackup.core.source.RestoreTarget;
import io.github.embeddedbackup.core.source.ScratchCheck;
import io.github.embeddedbackup.core.source.ScratchTarget;
import io.github.embeddedbackup.core.source.TempFiles;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A new folder in a private temporary folder (mode 700), removed by {@link #close()}. Folders have no
 * tables to count; instead the restore keeps a copy of the entry's inner tar beside the folder, and
 * {@link #extraChecks()} compares every restored file's size and SHA-256 with that archive's member.
 */
final class FileTreeScratchTarget implements ScratchTarget {

    private static final int MAX_FAILURES_LISTED = 20;

    private final Path directory;
    private final Path folder;
    private final Path archiveCopy;

    FileTreeScratchTarget() {
        this.directory = TempFiles.drillDirectory();
        this.folder = directory.resolve("drill");
        this.archiveCopy = directory.resolve("files.tar");
    }

    @Override
    public RestoreTarget target() {
        FileTreeRestoreTarget delegate = new FileTreeRestoreTarget(folder);
        return new RestoreTarget() {
            @Override
            public String describe() {
                return delegate.describe();
            }

            @Override
            public boolean accepts(SourceRecord source) {
                return delegate.accepts(source);
            }

            @Override
            public void check(SourceRecord source, RestoreOptions options) {
                delegate.check(source, options);
            }

            @Override
            public void restore(SourceRecord source, InputStream entry, RestoreOptions options) throws IOException {
                try (OutputStream copy = Files.newOutputStream(archiveCopy)) {
                    delegate.restore(source, new TeeInputStream(entry, copy), options);
                }
            }
        };
    }

    @Override
    public RestoreOptions options() {
        return RestoreOptions.defaults();
    }

    @Override
    public Map<String, Long> rowCounts(List<TableRecord> tables) {
        return Map.of();
    }

    /** One check per restored regular file, or one failed check per mismatch (at most 20 listed) plus a summary. */
    @Override
    public List<ScratchCheck> extraChecks() {
        if (!Files.isRegularFile(archiveCopy)) {
            return List.of(ScratchCheck.failed("files", "the restore did not finish, nothing to compare"));
        }
        List<ScratchCheck> failures = new ArrayList<>();
        long files = 0;
        long bytes = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(archiveCopy)), 10240, 512,
                "UTF-8", false)) {
            TarArchiveEntry member;
            while ((member = tar.getNextEntry()) != null) {
                if (!member.isFile()) {
                    continue;
                }
                files++;
                bytes += member.getSize();
                String expected = sha256(tar);
                ScratchCheck check = compare(member.getName(), member.getSize(), expected);
                if (!check.ok()) {
                    failures.add(check);
                }
            }
        } catch (IOException | RuntimeException e) {
            return List.of(ScratchCheck.failed("files", "could not compare the restored files with the archive: " + e.getMessage()));
        }
        if (failures.isEmpty()) {
            return List.of(ScratchCheck.passed("files", files + " files, " + bytes + " bytes: sizes and SHA-256 equal the archive's"));
        }
        List<ScratchCheck> result = new ArrayList<>(failures.subList(0, Math.min(failures.size(), MAX_FAILURES_LISTED)));
        result.add(ScratchCheck.failed("files", failures.size() + " of " + files + " files differ from the archive"));
        return result;
    }

    private ScratchCheck compare(String name, long size, String sha256) {
        String checkName = "file " + name;
        Path restored = folder.resolve(name).normalize();
        if (!restored.startsWith(folder) || !Files.isRegularFile(restored, LinkOption.NOFOLLOW_LINKS)) {
            return ScratchCheck.failed(checkName, "missing from the restored folder (" + size + " bytes in the archive)");
        }
        try (InputStream in = Files.newInputStream(restored)) {
            long actualSize = Files.size(restored);
            String actual = sha256(in);
            if (actualSize != size || !actual.equals(sha256)) {
                return ScratchCheck.failed(checkName, "archive: " + size + " bytes, SHA-256 " + sha256 + "; restored: " + actualSize
                        + " bytes, SHA-256 " + actual);
            }
            return ScratchCheck.passed(checkName, size + " bytes");
        } catch (IOException e) {
            return ScratchCheck.failed(checkName, "could not read the restored file: " + e.getMessage());
        }
    }

    private static String sha256(InputStream in) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        try (DigestInputStream digesting = new DigestInputStream(new FilterInputStream(in) {
            @Override
            public void close() {
                // the tar stream stays open for its next member
            }
        }, digest)) {
            digesting.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public boolean exists() {
        return Files.exists(folder);
    }

    @Override
    public void close() {
        if (Files.exists(directory)) { // closed before: nothing to remove, nothing to warn about
            TempFiles.deleteRecursively(directory);
        }
    }

    @Override
    public String toString() {
        return "scratch folder " + folder;
    }

    /** Copies what the restore reads, so the drill can compare files with the archive without reading the backup twice. */
    private static final class TeeInputStream extends FilterInputStream {

        private final OutputStream copy;

        TeeInputStream(InputStream in, OutputStream copy) {
            super(in);
            this.copy = copy;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                copy.write(b);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                copy.write(buffer, offset, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buffer = new byte[(int) Math.min(n, 8192)];
            int read = read(buffer, 0, buffer.length);
            return Math.max(read, 0);
        }
    }
}
