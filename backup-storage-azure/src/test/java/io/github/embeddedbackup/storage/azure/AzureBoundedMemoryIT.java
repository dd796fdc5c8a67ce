package io.github.embeddedbackup.storage.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.testing.GeneratedSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A 2 GB encrypted backup through Azure (Azurite) and restored (every byte read back and hashed), in a JVM with a 96 MB heap: memory does not grow with size. */
class AzureBoundedMemoryIT {

    static final long SIZE = 2L * 1024 * 1024 * 1024;

    @Test
    void twoGigabytesGoThroughAzureWithA96MegabyteHeap() throws Exception {
        try (AzuriteServer azurite = AzuriteServer.start()) {
            azurite.createContainer("large");
            String connection = azurite.connectionString();

            String backup = child("backup", connection, "large", Long.toString(SIZE));
            // No separate verify run: the restore reads every byte back through the same reader and checks the hash.
            String restore = child("restore", connection, "large");

            String expected = new GeneratedSource("gen", SIZE).sha256();
            assertThat(backup).contains("sha256=" + expected);
            assertThat(restore).contains("restored=" + expected);
            assertThat(backup).contains("maxHeap=");
        }
    }

    private static String child(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx96m",
                "-cp", System.getProperty("java.class.path"), AzureBoundedMemoryMain.class.getName()));
        command.add(args[0]);
        command.addAll(List.of(args).subList(2, args.length));
        // The connection string travels in the environment, never on a command line.
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("AZURE_STORAGE_CONNECTION_STRING", args[1]);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("finished").isTrue();
        assertThat(process.exitValue()).as(args[0] + ":\n" + output).isZero();
        return output;
    }
}
