package io.github.embeddedbackup.core.source.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fault-matrix")
class OptionsFifoTests {

    @Test
    void aReaderGetsTheContentOnceFromAPipeOfMode600InAPrivateFolder() throws IOException {
        Path folder;
        try (OptionsFifo fifo = OptionsFifo.create("[client]\npassword=\"x\"\n".toCharArray())) {
            folder = fifo.path().getParent();
            assertThat(Files.isRegularFile(fifo.path(), LinkOption.NOFOLLOW_LINKS)).isFalse();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fifo.path()))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
            assertThat(folder.getFileName().toString()).startsWith("embeddedbackup-mysql-" + ProcessHandle.current().pid() + "-");

            String read = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> Files.readString(fifo.path(), StandardCharsets.UTF_8));

            assertThat(read).isEqualTo("[client]\npassword=\"x\"\n");
        }
        assertThat(folder).doesNotExist();
        assertNoWriterLeft();
    }

    @Test
    void closingWhenNoClientEverOpenedThePipeNeitherHangsNorLeavesAnything() {
        Path folder = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (OptionsFifo fifo = OptionsFifo.create("[client]\n".toCharArray())) {
                return fifo.path().getParent();
            }
        });

        assertThat(folder).doesNotExist();
        assertNoWriterLeft();
    }

    private static void assertNoWriterLeft() {
        assertThat(Thread.getAllStackTraces().keySet()).as("writer threads still alive")
                .noneMatch(thread -> thread.getName().equals("mysql-options-writer") && thread.isAlive());
    }
}
