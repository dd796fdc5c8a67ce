package io.github.embeddedbackup.core.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running tool ({@code pg_dump}, {@code pg_restore}). Its stderr is drained on a thread of its own,
 * logged at DEBUG and its tail kept for error messages, so a chatty tool never blocks on a full pipe.
 */
public final class ExternalProcess implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(ExternalProcess.class);
    private static final int TAIL_LINES = 15;

    private final Process process;
    private final List<String> command;
    private final Thread stderrReader;
    private final Deque<String> tail = new ArrayDeque<>();

    private ExternalProcess(Process process, List<String> command) {
        this.process = process;
        this.command = List.copyOf(command);
        this.stderrReader = new Thread(this::drainStderr, command.get(0) + "-stderr");
        this.stderrReader.setDaemon(true);
        this.stderrReader.start();
    }

    /**
     * Starts {@code command} with extra environment variables. The command line must hold no secret.
     *
     * @throws IOException when the program cannot be started (typically: not installed)
     */
    public static ExternalProcess start(List<String> command, Map<String, String> environment, List<String> removeFromEnvironment)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        removeFromEnvironment.forEach(builder.environment()::remove);
        builder.environment().putAll(environment);
        logger.debug("Starting {}", command);
        return new ExternalProcess(builder.start(), command);
    }

    public Process process() {
        return process;
    }

    public List<String> command() {
        return command;
    }

    /** Waits for the exit code and for stderr to be read to its end. */
    public int waitFor() throws InterruptedException {
        int exit = process.waitFor();
        stderrReader.join(TimeUnit.SECONDS.toMillis(10));
        return exit;
    }

    /** The last lines the tool wrote to stderr, joined with {@code " | "}. */
    public String stderrTail() {
        synchronized (tail) {
            return String.join(" | ", tail);
        }
    }

    /** Describes an exit code: signals show as {@code killed by signal 9 (SIGKILL)}. */
    public static String describeExit(int exit) {
        if (exit > 128 && exit < 160) {
            int signal = exit - 128;
            String name = switch (signal) {
                case 9 -> " (SIGKILL)";
                case 15 -> " (SIGTERM)";
                case 2 -> " (SIGINT)";
                case 6 -> " (SIGABRT)";
                case 11 -> " (SIGSEGV)";
                default -> "";
            };
            return "was killed by signal " + signal + name;
        }
        return "exited with code " + exit;
    }

    /** Kills the tool if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void drainStderr() {
        InputStream err = process.getErrorStream();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(err, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                logger.debug("{}: {}", command.get(0), line);
                synchronized (tail) {
                    tail.addLast(line.length() > 500 ? line.substring(0, 500) + "…" : line);
                    if (tail.size() > TAIL_LINES) {
                        tail.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            logger.debug("Reading stderr of {} stopped: {}", command.get(0), e.toString());
        }
    }
}
