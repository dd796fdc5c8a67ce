package io.github.embeddedbackup.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The alert rules of docs/monitoring are valid for Prometheus and fire when they should, as Prometheus'
 * own {@code promtool} checks and unit-tests them. Skipped where promtool is not installed, except under
 * {@code CI=true}, where it fails.
 */
class PromtoolTests {

    @Test
    void theRulesAreValid() throws Exception {
        assertSucceeds("check", "rules", monitoringDocs().resolve("backup-alerts.rules.yml"));
    }

    @Test
    void eachAlertFiresWhenItShouldAndOnlyThen() throws Exception {
        assertSucceeds("test", "rules", monitoringDocs().resolve("backup-alerts.test.yml"));
    }

    /** docs/monitoring of the reactor, found from the module folder the tests run in. */
    static Path monitoringDocs() {
        for (Path folder = Path.of("").toAbsolutePath(); folder != null; folder = folder.getParent()) {
            Path docs = folder.resolve("docs/monitoring");
            if (Files.isDirectory(docs) && Files.isRegularFile(folder.resolve("pom.xml"))) {
                return docs;
            }
        }
        throw new IllegalStateException("No docs/monitoring above " + Path.of("").toAbsolutePath());
    }

    private static void assertSucceeds(String command, String what, Path file) throws Exception {
        Path promtool = promtool();
        List<String> commandLine = new ArrayList<>(List.of(promtool.toString(), command, what, file.getFileName().toString()));
        // From the file's folder: the test file names the rules file relative to itself.
        Process process = new ProcessBuilder(commandLine).directory(file.getParent().toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", commandLine) + " did not end within 60 s:\n" + output);
        }
        assertThat(process.exitValue()).as(String.join(" ", commandLine) + " in " + file.getParent() + ":\n" + output).isZero();
    }

    private static Path promtool() throws IOException {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(folder).resolve("promtool");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String reason = "promtool is not on the PATH. Install it: Debian/Ubuntu apt-get install prometheus (which also installs "
                + "the Prometheus server as a service: stop and disable it if only promtool is wanted), or put the promtool binary "
                + "of a Prometheus release (prometheus.io/download) on the PATH.";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true: " + reason);
        }
        return Assumptions.abort(reason);
    }
}
