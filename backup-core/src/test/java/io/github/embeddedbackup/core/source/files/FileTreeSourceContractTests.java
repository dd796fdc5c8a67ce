package io.github.embeddedbackup.core.source.files;

import io.github.embeddedbackup.core.archive.Sha256;
import io.github.embeddedbackup.core.source.SourceSettings;
import io.github.embeddedbackup.core.testing.AbstractSourceContractTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The source contract for folders: a sample tree with nested, empty and binary content, targets are new folders. */
class FileTreeSourceContractTests extends AbstractSourceContractTest {

    @TempDir
    Path files;

    private int targets;

    @BeforeEach
    void seed() throws IOException {
        Path tree = files.resolve("uploads");
        Files.createDirectories(tree.resolve("nested/deeper"));
        Files.createDirectories(tree.resolve("empty folder"));
        Files.writeString(tree.resolve("readme.txt"), "hello\n");
        Files.writeString(tree.resolve("nested/Zoë 日本.txt"), "unicode name", StandardCharsets.UTF_8);
        Files.write(tree.resolve("nested/deeper/empty.bin"), new byte[0]);
        byte[] random = new byte[3 * 1024 * 1024 + 17];
        new Random(11).nextBytes(random);
        Files.write(tree.resolve("nested/deeper/random.bin"), random);
    }

    @Override
    protected String sourceUri() {
        return "file:" + files.resolve("uploads");
    }

    @Override
    protected String freshTargetUri() {
        return "file:" + files.resolve("restored-" + ++targets);
    }

    @Override
    protected void fill(String targetUri) throws IOException {
        Path folder = FileTreeSourceProvider.folder(targetUri);
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("mine.txt"), "kept");
    }

    /** Every file and folder by its relative path: a folder as such, a file by its size and SHA-256. */
    @Override
    protected Map<String, String> fingerprint(String uri) throws IOException {
        Path root = FileTreeSourceProvider.folder(uri);
        Map<String, String> fingerprint = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.filter(p -> !p.equals(root)).toList()) {
                String name = root.relativize(path).toString();
                if (Files.isDirectory(path)) {
                    fingerprint.put(name, "folder");
                } else {
                    byte[] content = Files.readAllBytes(path);
                    fingerprint.put(name, content.length + " " + HexFormat.of().formatHex(Sha256.newDigest().digest(content)));
                }
            }
        }
        return fingerprint;
    }

    @Override
    protected SourceSettings settings() {
        return SourceSettings.none();
    }

    @Override
    protected boolean runsDumpTool() {
        return false;
    }

    @Override
    protected String noDumpToolReason() {
        return "a folder is read in-process into a tar: no dump program to miss or kill";
    }

    @Override
    protected List<String> urisWithPassword(String password) {
        return List.of();
    }
}
