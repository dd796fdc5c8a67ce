package io.github.embeddedbackup.core.testing.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Java program run as a real child process, as a user runs it: {@code java -cp <classpath> <main> args…},
 * with its own {@code java.io.tmpdir} (so a test can look at what it left there), its own working folder and
 * environment. Stdout and stderr go to files, so a child that writes a lot never blocks on a full pipe.
 *
 * <pre>{@code
 * ChildJvm cli = ChildJvm.main("io.github.embeddedbackup.cli.BackupCli").in(dir).tmpdir(dir.resolve("tmp"));
 * ChildJvm.Result r = cli.run("list", "--storage", "file:" + dir.resolve("backups"));
 * }</pre>
 */
public final class ChildJvm {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);
    private static int runs;

    private final String mainClass;
    private final String classpath;
    private final Path workingDir;
    private final Path tmpdir;
    private final Map<String, String> env;
    private final Duration timeout;

    private ChildJvm(String mainClass, String classpath, Path workingDir, Path tmpdir, Map<String, String> env, Duration timeout) {
        this.mainClass = mainClass;
        this.classpath = classpath;
        this.workingDir = workingDir;
        this.tmpdir = tmpdir;
        this.env = env;
        this.timeout = timeout;
    }

    /** {@code mainClass} on the calling test's own class path (which holds the module under test and its dependencies). */
    public static ChildJvm main(String mainClass) {
        return new ChildJvm(mainClass, System.getProperty("java.class.path"), Path.of(".").toAbsolutePath(), null, Map.of(),
                DEFAULT_TIMEOUT);
    }

    public ChildJvm classpath(String classpath) {
        return new ChildJvm(mainClass, classpath, workingDir, tmpdir, env, timeout);
    }

    /** The working folder; stdout and stderr files go to its {@code .child-jvm/} sub-folder. */
    public ChildJvm in(Path workingDir) {
        return new ChildJvm(mainClass, classpath, workingDir, tmpdir, env, timeout);
    }

    /** The child's {@code java.io.tmpdir}; created when missing. */
    public ChildJvm tmpdir(Path tmpdir) {
        return new ChildJvm(mainClass, classpath, workingDir, tmpdir, env, timeout);
    }

    /** Environment variables added to (and overriding) the test's own. */
    public ChildJvm env(Map<String, String> variables) {
        Map<String, String> merged = new LinkedHashMap<>(env);
        merged.putAll(variables);
        return new ChildJvm(mainClass, classpath, workingDir, tmpdir, Map.copyOf(merged), timeout);
    }

    public ChildJvm timeout(Duration timeout) {
        return new ChildJvm(mainClass, classpath, workingDir, tmpdir, env, timeout);
    }

    /** Runs to the end (or fails the test after the timeout, having killed the child and its children). */
    public Result run(String... args) {
        return start(args).await();
    }

    /** Starts the child and returns at once. */
    public Running start(String... args) {
        try {
            Path io = workingDir.resolve(".child-jvm");
            Files.createDirectories(io);
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-XX:TieredStopAtLevel=1"); // short-lived: start fast
            command.add("-XX:+UseSerialGC");
            if (tmpdir != null) {
                Files.createDirectories(tmpdir);
                command.add("-Djava.io.tmpdir=" + tmpdir);
            }
            command.add("-cp");
            command.add(classpath);
            command.add(mainClass);
            command.addAll(List.of(args));
            int n;
            synchronized (ChildJvm.class) {
                n = ++runs;
            }
            Path stdout = io.resolve(n + ".stdout");
            Path stderr = io.resolve(n + ".stderr");
            ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile())
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            builder.environment().putAll(env);
            return new Running(builder.start(), List.of(args), stdout, stderr, timeout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A started child. */
    public static final class Running {

        private final Process process;
        private final List<String> args;
        private final Path stdout;
        private final Path stderr;
        private final Duration timeout;

        Running(Process process, List<String> args, Path stdout, Path stderr, Duration timeout) {
            this.process = process;
            this.args = args;
            this.stdout = stdout;
            this.stderr = stderr;
            this.timeout = timeout;
        }

        public Process process() {
            return process;
        }

        /** The child's stderr so far. */
        public String stderrSoFar() {
            return read(stderr);
        }

        /** Waits up to {@code within} for a descendant process (e.g. a {@code pg_dump} the child started) that matches. */
        public Optional<ProcessHandle> awaitDescendant(Predicate<ProcessHandle> matching, Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (System.nanoTime() < deadline && process.isAlive()) {
                Optional<ProcessHandle> found = process.descendants().filter(matching).findFirst();
                if (found.isPresent()) {
                    return found;
                }
                Thread.sleep(20);
            }
            return Optional.empty();
        }

        public Result await() {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    throw new AssertionError("the child JVM did not finish within " + timeout + ": " + args + "\nstderr so far:\n"
                            + read(stderr));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new AssertionError("interrupted while waiting for " + args, e);
            }
            return new Result(process.exitValue(), read(stdout), read(stderr));
        }

        private static String read(Path file) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** How a child ended: its exit code and everything it printed. */
    public record Result(int exit, String stdout, String stderr) {

        /** The last non-blank line of stdout (the CLI prints a new backup's id there). */
        public String lastStdoutLine() {
            String[] lines = stdout.strip().split("\n");
            return lines[lines.length - 1].strip();
        }

        /** Both streams, for a secret scan or a failure message. */
        public String all() {
            return stdout + "\n" + stderr;
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
        }
    }
}
