package io.github.embeddedbackup.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.testing.GeneratedSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 2 GB encrypted backup through S3, verified and restored, in a JVM with a 96 MB heap: memory does not grow with size. */
class S3BoundedMemoryIT {

    static final long SIZE = 2L * 1024 * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void twoGigabytesGoThroughS3WithA96MegabyteHeap() throws Exception {
        try (S3TestServer server = S3TestServer.onDisk(dir)) {
            server.createBucket("large");
            String endpoint = server.endpoint().toString();

            String backup = child("backup", endpoint, "large", Long.toString(SIZE));
            String verify = child("verify", endpoint, "large");
            String restore = child("restore", endpoint, "large");

            String expected = new GeneratedSource("gen", SIZE).sha256();
            assertThat(backup).contains("sha256=" + expected);
            assertThat(verify).contains("problems=[]");
            assertThat(restore).contains("restored=" + expected);
            assertThat(backup).contains("maxHeap=");
        }
    }

    private static String child(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx96m",
                "-cp", System.getProperty("java.class.path"), BoundedMemoryMain.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("finished").isTrue();
        assertThat(process.exitValue()).as(String.join(" ", args) + ":\n" + output).isZero();
        return output;
    }
}
