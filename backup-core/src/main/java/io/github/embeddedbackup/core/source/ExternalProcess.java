package io.github.embeddedbackup.core.source;

import io.github.embeddedbackup.core.BackupException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running tool ({@code pg_dump}, {@code pg_restore}). Its stderr is drained on a thread of its own,
 * logged at DEBUG and its tail kept for error messages, so a chatty tool never blocks on a full pipe.
 * {@link #close()} kills the tool and every process it started; {@link #stopAll()} does so for every
 * tool of this JVM when it is being stopped (a signal), because a blocked read of a tool's output
 * does not notice {@link Thread#interrupt()}.
 */
public final class ExternalProcess implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(ExternalProcess.class);
    private static final int TAIL_LINES = 15;
    private static final Set<ExternalProcess> RUNNING = ConcurrentHashMap.newKeySet();
    private static volatile boolean stopping;

    private final Process process;
    private final List<String> command;
    private final Thread owner = Thread.currentThread();
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
     * Starts {@code command} with extra environment variables. Secrets go into the environment only:
     * the command line, which every user of the machine can read, must hold none.
     *
     * @throws IOException when the program cannot be started (typically: not installed)
     * @throws BackupException when this JVM is being stopped ({@link #stopAll()})
     */
    public static ExternalProcess start(List<String> command, Map<String, String> environment) throws IOException {
        String password = environment.get("PGPASSWORD");
        if (password != null && command.stream().anyMatch(argument -> argument.contains(password))) {
            throw new IllegalArgumentException("A password must not be part of the command line of " + command.get(0));
        }
        if (stopping) {
            throw new BackupException("Not starting " + command.get(0) + ": this process is being stopped.");
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        logger.debug("Starting {}", command);
        ExternalProcess started = new ExternalProcess(builder.start(), command);
        RUNNING.add(started);
        if (stopping) { // stopAll() ran between the check and add(): it missed this one
            started.close();
            throw new BackupException("Not starting " + command.get(0) + ": this process is being stopped.");
        }
        return started;
    }

    /**
     * Kills every tool this JVM runs, with the processes they started, and refuses to start new ones.
     * For a JVM that is being stopped: a thread blocked on a tool's output then sees it end and runs
     * its clean-up (abort the partial object, drop a created database) instead of waiting for the tool.
     */
    public static void stopAll() {
        stopping = true;
        for (ExternalProcess running : RUNNING) {
            logger.debug("Stopping {}", running.command.get(0));
            running.destroyTree();
        }
    }

    /**
     * Kills the tools that {@code thread} started, with the processes they started. For an application
     * that aborts one backup at shutdown: a tool that no longer reads or writes (stopped, hung on a lock)
     * must not outlive the application, holding the password in its environment. Other threads' tools
     * and later starts are not affected.
     *
     * @return how many tools were killed
     */
    public static int stopStartedBy(Thread thread) {
        int killed = 0;
        for (ExternalProcess running : RUNNING) {
            if (running.owner == thread && running.process.isAlive()) {
                logger.debug("Stopping {}", running.command.get(0));
                running.destroyTree();
                killed++;
            }
        }
        return killed;
    }

    /** Whether {@link #stopAll()} was called: a tool that ended then was stopped, not failed. */
    public static boolean stopping() {
        return stopping;
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

    /** Kills the tool and what it started if it still runs, and waits (bounded) until it has exited. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                destroyTree();
                awaitExit();
            }
        } finally {
            RUNNING.remove(this);
        }
    }

    /** SIGKILL: a killed {@code pg_restore} can never commit what it has read so far. */
    private void destroyTree() {
        // Children first: once the parent is gone they are re-parented and cannot be found from it.
        List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Waits even when this thread was interrupted (the clean-up after an interruption needs the tool gone). */
    private void awaitExit() {
        boolean interrupted = Thread.interrupted();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
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
