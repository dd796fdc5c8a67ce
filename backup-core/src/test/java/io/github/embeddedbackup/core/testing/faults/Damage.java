package io.github.embeddedbackup.core.testing.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Damage to a backup in a folder storage ({@code file:<root>}: {@code archives/<id>.tar.*} and
 * {@code manifests/<id>.json}), as a failing disk, a broken transfer or an operator would do it.
 */
public final class Damage {

    private final Path root;

    private Damage(Path root) {
        this.root = root;
    }

    /** The folder storage at {@code root}. */
    public static Damage in(Path root) {
        return new Damage(root);
    }

    /** The archive file of backup {@code id}; fails when there is not exactly one. */
    public Path archive(String id) {
        try (Stream<Path> files = Files.list(root.resolve("archives"))) {
            List<Path> matching = files.filter(p -> p.getFileName().toString().startsWith(id + ".")).toList();
            assertThat(matching).as("the archive of backup %s in %s", id, root).hasSize(1);
            return matching.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The manifest file of backup {@code id}. */
    public Path manifest(String id) {
        return root.resolve("manifests").resolve(id + ".json");
    }

    /** Flips every bit of the archive's byte at {@code offset}; a negative offset counts from the end. */
    public Damage flipArchiveByte(String id, long offset) {
        flipByte(archive(id), offset);
        return this;
    }

    /** Cuts the archive to {@code fraction} of its size (0 &lt; fraction &lt; 1). */
    public Damage truncateArchive(String id, double fraction) {
        Path archive = archive(id);
        truncate(archive, (long) (size(archive) * fraction));
        return this;
    }

    public Damage deleteArchive(String id) {
        delete(archive(id));
        return this;
    }

    public Damage deleteManifest(String id) {
        delete(manifest(id));
        return this;
    }

    /** Exchanges the content of two backups' archives (names stay): each manifest now describes the other's bytes. */
    public Damage swapArchives(String a, String b) {
        swap(archive(a), archive(b));
        return this;
    }

    /** Replaces the manifest with {@code content}, e.g. garbage or half a JSON document. */
    public Damage writeManifest(String id, String content) {
        write(manifest(id), content);
        return this;
    }

    /** Cuts the manifest in the middle: valid JSON syntax up to there, then nothing. */
    public Damage truncateManifest(String id) {
        Path manifest = manifest(id);
        truncate(manifest, size(manifest) / 2);
        return this;
    }

    /** Sets the manifest's {@code formatVersion} to {@code version} (a JSON value: {@code 2}, {@code "1"}, {@code null}). */
    public Damage setFormatVersion(String id, String version) {
        Path manifest = manifest(id);
        String json = read(manifest);
        String changed = json.replaceFirst("\"formatVersion\"\\s*:\\s*[^,}\\n]+", "\"formatVersion\" : " + version);
        assertThat(changed).as("the manifest of %s has a formatVersion to change", id).isNotEqualTo(json);
        write(manifest, changed);
        return this;
    }

    public static void flipByte(Path file, long offset) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long at = offset < 0 ? raf.length() + offset : offset;
            raf.seek(at);
            int b = raf.read();
            raf.seek(at);
            raf.write(~b & 0xff);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void truncate(Path file, long length) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            assertThat(length).as("truncating %s", file).isLessThan(raf.length());
            raf.setLength(length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void swap(Path a, Path b) {
        try {
            Path temp = a.resolveSibling(a.getFileName() + ".swap");
            Files.move(a, temp);
            Files.move(b, a);
            Files.move(temp, b, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
