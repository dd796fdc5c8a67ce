package io.github.embeddedbackup.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The runtime stays free of Spring and of the auto-configuration: it is built from settings, not properties. */
class RuntimeDependenciesTests {

    @Test
    void noRuntimeClassReferencesSpringOrTheAutoConfiguration() throws Exception {
        Path classes = Path.of(JobRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(JobRunner.class.getPackageName().replace('.', '/'));
        List<Path> files;
        try (Stream<Path> walk = Files.list(classes)) {
            files = walk.filter(file -> file.toString().endsWith(".class")).toList();
        }
        assertThat(files).as("compiled runtime classes in " + classes).hasSizeGreaterThan(5);
        for (Path file : files) {
            // Class names a class uses stand in its constant pool as plain text (org/springframework/...).
            String pool = read(file);
            assertThat(pool).as(file.getFileName() + " references Spring").doesNotContain("org/springframework/");
            assertThat(pool).as(file.getFileName() + " references the auto-configuration")
                    .doesNotContain("io/github/embeddedbackup/autoconfigure/");
        }
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    }
}
