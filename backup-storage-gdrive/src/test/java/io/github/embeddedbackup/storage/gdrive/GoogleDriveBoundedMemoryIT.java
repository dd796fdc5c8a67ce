package io.github.embeddedbackup.storage.gdrive;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.testing.GeneratedSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 1 GB encrypted backup through Drive, verified and restored, in a JVM with a 96 MB heap: memory does not grow with size. */
class GoogleDriveBoundedMemoryIT {

    static final long SIZE = 1024L * 1024 * 1024; // 10 times the heap; Azure and S3 take 2 GB through the same pipeline

    @TempDir
    Path dir;

    @Test
    void aGigabyteGoesThroughDriveWithA96MegabyteHeap() throws Exception {
        try (FakeDriveServer server = FakeDriveServer.start(dir.resolve("drive"))) {
            String folder = server.createFolder("large");

            String backup = child("backup", server.rootUrl(), server.tokenUrl(), folder, Long.toString(SIZE));
            String verify = child("verify", server.rootUrl(), server.tokenUrl(), folder);
            String restore = child("restore", server.rootUrl(), server.tokenUrl(), folder);

            String expected = new GeneratedSource("gen", SIZE).sha256();
            assertThat(backup).contains("sha256=" + expected);
            assertThat(verify).contains("problems=[]");
            assertThat(restore).contains("restored=" + expected);
            assertThat(backup).contains("maxHeap=");
            assertThat(server.fileNames(folder)).hasSize(2).noneMatch(name -> name.contains(".partial/"));
        }
    }

    private static String child(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx96m",
                "-cp", System.getProperty("java.class.path"), DriveBoundedMemoryMain.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("finished").isTrue();
        assertThat(process.exitValue()).as(String.join(" ", args) + ":\n" + output).isZero();
        return output;
    }
}
