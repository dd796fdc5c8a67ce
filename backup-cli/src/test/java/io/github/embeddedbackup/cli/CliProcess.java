package io.github.embeddedbackup.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * {@code java -jar backup-cli.jar …} in a child JVM with a temporary folder of its own, to be signalled
 * or killed mid-command as an operator (or a supervisor) would.
 */
final class CliProcess {

    static final Path JAR = Path.of("target", "backup-cli.jar");

    final Process process;
    final Path stdout;
    final Path stderr;

    private CliProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts the CLI in {@code dir}, with {@code tmp} as its {@code java.io.tmpdir} and without an inherited PGPASSWORD. */
    static CliProcess start(Path dir, Path tmp, java.util.Map<String, String> env, String... args) throws IOException {
        Files.createDirectories(tmp);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().remove("PGPASSWORD");
        builder.environment().putAll(env);
        String name = args[0] + "-" + System.nanoTime();
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        builder.redirectOutput(out.toFile());
        builder.redirectError(err.toFile());
        return new CliProcess(builder.start(), out, err);
    }

    /** Runs the CLI to its end. */
    static CliProcess run(Path dir, Path tmp, String... args) throws IOException, InterruptedException {
        CliProcess cli = start(dir, tmp, java.util.Map.of(), args);
        cli.awaitExit(Duration.ofMinutes(3));
        return cli;
    }

    /** The running tool (e.g. {@code pg_dump}) this CLI started, once it runs. */
    ProcessHandle awaitTool(String name, Duration timeout) throws InterruptedException {
        awaitCondition(() -> tool(name).isPresent() || !process.isAlive(), timeout, "the CLI to start " + name);
        return tool(name).orElseThrow(() -> new AssertionError("the CLI ended (exit " + process.exitValue() + ") before it started "
                + name + "; stdout: " + text(stdout) + "; stderr: " + text(stderr)));
    }

    /** The tool at work: not a {@code --version} probe. */
    Optional<ProcessHandle> tool(String name) {
        return process.descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/" + name) || c.equals(name)).orElse(false))
                .filter(p -> p.info().arguments().map(a -> !List.of(a).contains("--version")).orElse(false))
                .findFirst();
    }

    /** Sends a signal by name ({@code INT}, {@code TERM}, {@code KILL}), as {@code kill -s} does. */
    void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-s", signal, String.valueOf(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -s " + signal + " failed");
        }
    }

    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("backup-cli did not end within " + timeout + "; stderr: " + text(stderr));
        }
        return process.exitValue();
    }

    String stdout() {
        return text(stdout);
    }

    String stderr() {
        return text(stderr);
    }

    static void awaitCondition(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}
