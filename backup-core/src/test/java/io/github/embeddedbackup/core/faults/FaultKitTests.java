package io.github.embeddedbackup.core.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.embeddedbackup.core.testing.faults.ChildJvm;
import io.github.embeddedbackup.core.testing.faults.Damage;
import io.github.embeddedbackup.core.testing.faults.Leftovers;
import io.github.embeddedbackup.core.testing.faults.SecretScan;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fault-matrix kit itself: each check fails when it must, so no matrix test passes by not looking. */
@Tag("fault-matrix")
class FaultKitTests {

    static final String SECRET = "kit-secret:@/ü";

    @TempDir
    Path dir;

    @Test
    void secretScanFindsEveryFormInTextsAndInCauses() {
        SecretScan scan = SecretScan.of(SECRET);
        scan.assertAbsentFrom("clean text", "nothing here", null);
        for (String leak : new String[] {SECRET, Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8)),
                URLEncoder.encode(SECRET, StandardCharsets.UTF_8)}) {
            assertThatThrownBy(() -> scan.assertAbsentFrom("stderr", "before " + leak + " after")).isInstanceOf(AssertionError.class)
                    .hasMessageNotContaining(SECRET);
        }
        Exception deep = new IllegalStateException("outer", new RuntimeException("middle", new IOException("url=" + SECRET)));
        assertThatThrownBy(() -> scan.assertAbsentFrom(deep)).isInstanceOf(AssertionError.class);
        Exception suppressed = new IllegalStateException("outer");
        suppressed.addSuppressed(new IOException(SECRET));
        assertThatThrownBy(() -> scan.assertAbsentFrom(suppressed)).isInstanceOf(AssertionError.class);
        assertThat(scan.toString()).doesNotContain(SECRET);
    }

    @Test
    void leftoversSeesNewFilesAndSecretsInNestedFiles() throws IOException {
        Files.writeString(dir.resolve("old.txt"), "old");
        Leftovers before = Leftovers.snapshot(dir);
        before.assertNothingNew();
        Files.createDirectories(dir.resolve("a/b"));
        Files.writeString(dir.resolve("a/b/.hidden.partial"), "x" + SECRET + "y");

        assertThat(before.added()).containsExactlyInAnyOrder("a", "a/b", "a/b/.hidden.partial");
        assertThatThrownBy(before::assertNothingNew).isInstanceOf(AssertionError.class).hasMessageContaining(".hidden.partial");
        before.assertNothingNew(path -> path.startsWith("a"));
        assertThatThrownBy(() -> Leftovers.assertNoFileContains(dir, SecretScan.of(SECRET))).isInstanceOf(AssertionError.class)
                .hasMessageContaining(".hidden.partial");
        Leftovers.assertNoFileContains(dir, SecretScan.of("another-secret"));
    }

    @Test
    void damageChangesWhatItSays() throws IOException {
        Path root = dir.resolve("store");
        Files.createDirectories(root.resolve("archives"));
        Files.createDirectories(root.resolve("manifests"));
        Files.write(root.resolve("archives/A.tar.zst"), new byte[] {1, 2, 3, 4});
        Files.write(root.resolve("archives/B.tar.zst"), new byte[] {9, 9});
        Files.writeString(root.resolve("manifests/A.json"), "{\n  \"formatVersion\" : 1,\n  \"id\" : \"A\"\n}\n");
        Damage damage = Damage.in(root);

        damage.flipArchiveByte("A", 1);
        assertThat(Files.readAllBytes(root.resolve("archives/A.tar.zst"))).containsExactly(1, ~2, 3, 4);
        damage.swapArchives("A", "B");
        assertThat(Files.readAllBytes(root.resolve("archives/A.tar.zst"))).containsExactly(9, 9);
        damage.truncateArchive("B", 0.5);
        assertThat(Files.size(root.resolve("archives/B.tar.zst"))).isEqualTo(2);
        damage.setFormatVersion("A", "\"1\"");
        assertThat(Files.readString(damage.manifest("A"))).contains("\"formatVersion\" : \"1\",").contains("\"id\" : \"A\"");
        damage.truncateManifest("A");
        assertThat(Files.readString(damage.manifest("A"))).doesNotContain("}");
        damage.deleteArchive("B").deleteManifest("A");
        assertThat(root.resolve("archives/B.tar.zst")).doesNotExist();
        assertThat(damage.manifest("A")).doesNotExist();
    }

    @Test
    void childJvmReportsExitCodeOutputAndItsOwnTempFolder() {
        ChildJvm.Result result = ChildJvm.main(PrintTmpdir.class.getName()).in(dir).tmpdir(dir.resolve("child-tmp")).run("7");

        assertThat(result.exit()).isEqualTo(7);
        assertThat(result.lastStdoutLine()).isEqualTo(dir.resolve("child-tmp").toString());
        assertThat(result.stderr()).contains("to stderr");
    }

    /** The child of {@link #childJvmReportsExitCodeOutputAndItsOwnTempFolder}. */
    public static final class PrintTmpdir {
        public static void main(String[] args) {
            System.err.println("to stderr");
            System.out.println(System.getProperty("java.io.tmpdir"));
            System.exit(Integer.parseInt(args[0]));
        }
    }
}
