package io.github.embeddedbackup.core.source.mysql;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.source.TempFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.RandomAccessFile;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An option file for a client whose stdin is taken (it carries the SQL): a named pipe of mode 600 in
 * a private folder (mode 700) of this process, that a thread fills once, when the client opens it.
 * Nothing reaches the disk: a pipe holds its bytes in the kernel only while both ends are open, so a
 * pipe left by a killed process holds nothing, and {@link TempFiles#removeLeftovers()} removes its folder.
 */
final class OptionsFifo implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(OptionsFifo.class);

    private final Path directory;
    private final Path fifo;
    private final Thread writer;

    private OptionsFifo(Path directory, Path fifo, char[] content) {
        this.directory = directory;
        this.fifo = fifo;
        this.writer = new Thread(() -> write(content), "mysql-options-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Makes the pipe and starts the thread that writes {@code content} into it once a reader opens it. */
    static OptionsFifo create(char[] content) throws IOException {
        Path directory = TempFiles.privateDirectory("embeddedbackup-mysql-");
        Path fifo = directory.resolve("client.cnf");
        try {
            Process mkfifo = new ProcessBuilder(List.of("mkfifo", "-m", "600", fifo.toString())).redirectErrorStream(true).start();
            String output = new String(mkfifo.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!mkfifo.waitFor(30, TimeUnit.SECONDS) || mkfifo.exitValue() != 0) {
                throw new IOException("mkfifo failed: " + output);
            }
        } catch (IOException e) {
            TempFiles.deleteRecursively(directory);
            throw new BackupConfigurationException("Cannot create a named pipe in " + directory + " to hand the login to the MySQL "
                    + "client (" + e.getMessage() + "). The MySQL/MariaDB restore needs mkfifo (coreutils) and a temporary folder "
                    + "that supports named pipes (java.io.tmpdir).", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            TempFiles.deleteRecursively(directory);
            throw new IOException("interrupted while creating a named pipe", e);
        }
        return new OptionsFifo(directory, fifo, content);
    }

    Path path() {
        return fifo;
    }

    private void write(char[] content) {
        // Opening for writing waits until the client opens the pipe for reading.
        try (OutputStream out = Files.newOutputStream(fifo); Writer text = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            text.write(content);
        } catch (IOException e) {
            logger.debug("The option pipe {} was not read: {}", fifo, e.toString());
        } finally {
            Arrays.fill(content, '\0');
        }
    }

    /**
     * Unblocks a writer whose client never opened the pipe (it failed to start), then deletes the pipe
     * and its folder. Opening a FIFO read-write never blocks on Linux, and lets a waiting writer go on.
     */
    @Override
    public void close() {
        try {
            if (writer.isAlive()) {
                try (RandomAccessFile unblock = new RandomAccessFile(fifo.toFile(), "rw")) {
                    writer.join(TimeUnit.SECONDS.toMillis(5));
                } catch (IOException e) {
                    logger.debug("Cannot open {} to release its writer: {}", fifo, e.toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        } finally {
            TempFiles.deleteRecursively(directory);
        }
    }
}
