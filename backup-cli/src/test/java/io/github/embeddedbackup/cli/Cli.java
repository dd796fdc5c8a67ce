package io.github.embeddedbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs {@code java -jar target/backup-cli.jar …} as a user would, in a working folder, and captures what it prints. */
final class Cli {

    static final Path JAR = Path.of("target", "backup-cli.jar");

    private final Path dir;

    Cli(Path dir) {
        assertThat(JAR).as("mvn package builds the runnable jar").exists();
        this.dir = dir;
    }

    Result run(String... args) throws IOException, InterruptedException {
        return run(Map.of(), false, Duration.ofMinutes(5), args);
    }

    Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return run(env, false, Duration.ofMinutes(5), args);
    }

    /** @param clearEnv start from an empty environment (only PATH and HOME kept), e.g. to run without any cloud credentials */
    Result run(Map<String, String> env, boolean clearEnv, Duration timeout, String... args) throws IOException, InterruptedException {
        // Short-lived: start fast, as the fault harness's ChildJvm does (JIT and GC flags; the jar and its behaviour are the same).
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        if (clearEnv) {
            String path = builder.environment().get("PATH");
            builder.environment().clear();
            builder.environment().put("PATH", path);
            builder.environment().put("HOME", dir.toString());
        }
        builder.environment().putAll(env);
        Path stdout = Files.createTempFile(dir, "stdout", ".txt");
        Path stderr = Files.createTempFile(dir, "stderr", ".txt");
        builder.redirectOutput(stdout.toFile());
        builder.redirectError(stderr.toFile());
        long started = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("backup-cli did not finish within " + timeout + ": " + command);
        }
        Result result = new Result(process.exitValue(), Files.readString(stdout), Files.readString(stderr),
                Duration.ofNanos(System.nanoTime() - started));
        Files.delete(stdout);
        Files.delete(stderr);
        return result;
    }

    /**
     * Runs independent commands at once, each as {@link #run(Map, String...)} does, and returns their results in the
     * same order: a JVM start keeps about one core busy, so overlapping them uses the second core too.
     */
    List<Result> runAll(Map<String, String> env, List<String[]> commands) throws IOException, InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors() + 1);
        try {
            List<Future<Result>> started = new ArrayList<>();
            for (String[] command : commands) {
                started.add(pool.submit(() -> run(env, command)));
            }
            List<Result> results = new ArrayList<>();
            for (Future<Result> result : started) {
                try {
                    results.add(result.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    List<Result> runAll(List<String[]> commands) throws IOException, InterruptedException {
        return runAll(Map.of(), commands);
    }

    /** The parts of a command line joined: a command, the storage's options, the command's own. */
    static String[] args(String[]... parts) {
        List<String> all = new ArrayList<>();
        for (String[] part : parts) {
            all.addAll(List.of(part));
        }
        return all.toArray(String[]::new);
    }

    record Result(int exit, String stdout, String stderr, Duration took) {
        String lastStdoutLine() {
            String[] lines = stdout.strip().split("\n");
            return lines[lines.length - 1].strip();
        }

        @Override
        public String toString() {
            return "exit " + exit + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }
}
