package io.github.embeddedbackup.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.testing.faults.ChildJvm;
import io.github.embeddedbackup.core.testing.faults.Leftovers;
import io.github.embeddedbackup.core.testing.faults.SecretScan;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * backup-cli as a user runs it, one real JVM per command, in a test's folder: its own temp folder
 * ({@code tmp/}), a folder storage ({@code backups/}). Remembers every output, so a test can scan them all
 * for a secret at the end.
 */
final class Cli {

    static final String MAIN = "io.github.embeddedbackup.cli.BackupCli";

    /** The jar users run ({@code mvn package} builds it before failsafe runs): its class path, not the tests' own. */
    static final Path JAR = Path.of("target", "backup-cli.jar");

    final Path dir;
    final Path tmp;
    final Path backups;
    final String storage;
    private final List<ChildJvm.Result> outputs = new ArrayList<>();
    private final Map<List<String>, ChildJvm.Running> started = new java.util.HashMap<>();
    private ChildJvm jvm;

    Cli(Path dir) {
        this.dir = dir;
        this.tmp = dir.resolve("tmp");
        this.backups = dir.resolve("backups");
        this.storage = "file:" + backups;
        this.jvm = ChildJvm.main(MAIN).classpath(JAR.toAbsolutePath().toString()).in(dir).tmpdir(tmp);
    }

    Cli env(Map<String, String> variables) {
        jvm = jvm.env(variables);
        return this;
    }

    ChildJvm.Result run(String... args) {
        ChildJvm.Running early;
        synchronized (started) {
            early = started.remove(List.of(args));
        }
        ChildJvm.Result result = early != null ? early.await() : jvm.run(args);
        synchronized (outputs) {
            outputs.add(result);
        }
        return result;
    }

    /**
     * Starts independent, read-only commands at once (on two cores this nearly halves the wait); a later
     * {@link #run} with the same arguments takes the started command's result.
     */
    void startAll(List<List<String>> commands) {
        synchronized (started) {
            for (List<String> command : commands) {
                started.putIfAbsent(List.copyOf(command), jvm.start(command.toArray(String[]::new)));
            }
        }
    }

    /** Waits for started commands no {@link #run} asked for, so no child outlives its test. */
    void awaitStarted() {
        synchronized (started) {
            started.values().forEach(ChildJvm.Running::await);
            started.clear();
        }
    }

    ChildJvm.Running start(String... args) {
        return jvm.start(args);
    }

    ChildJvm.Result remember(ChildJvm.Result result) {
        synchronized (outputs) {
            outputs.add(result);
        }
        return result;
    }

    /** Runs a backup that must succeed and returns its id. */
    String backup(String... more) {
        List<String> args = new ArrayList<>(List.of("backup", "--storage", storage));
        args.addAll(List.of(more));
        ChildJvm.Result result = run(args.toArray(String[]::new));
        assertThat(result.exit()).as("a good backup: %s", result).isZero();
        return result.lastStdoutLine();
    }

    /** The ids {@code list --json} shows. */
    List<String> listedIds() {
        ChildJvm.Result list = run("list", "--storage", storage, "--json");
        assertThat(list.exit()).as("list: %s", list).isZero();
        List<String> ids = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"id\" : \"([^\"]+)\"").matcher(list.stdout());
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /** verify --level content finds the backup sound: a good backup was not lost (callers check the listing). */
    void assertSound(String id, String... keyOptions) {
        List<String> args = new ArrayList<>(List.of("verify", "--storage", storage, id, "--level", "content"));
        args.addAll(List.of(keyOptions));
        ChildJvm.Result verify = run(args.toArray(String[]::new));
        assertThat(verify.exit()).as("verify of the good backup %s: %s", id, verify).isZero();
        assertThat(verify.stdout()).contains("Backup " + id + " is sound");
    }

    /**
     * Nothing is left in the children's temp folder but the native libraries the JDBC driver and zstd
     * unpack there (the JVM removes them on exit; a killed JVM cannot).
     */
    void assertTempFolderClean() {
        List<String> left = Leftovers.files(tmp).stream().map(p -> tmp.relativize(p).toString())
                .filter(name -> !isNativeLibrary(name)).toList();
        assertThat(left).as("files the CLI left in its temp folder %s", tmp).isEmpty();
    }

    static boolean isNativeLibrary(String name) {
        return name.startsWith("sqlite-") || name.startsWith("libzstd-jni") || name.startsWith("zstd-jni");
    }

    /** The secret is in no output of any command run so far, nor in any file under the temp folder and the storage. */
    void assertNoSecretAnywhere(SecretScan secret) {
        synchronized (outputs) {
            for (ChildJvm.Result output : outputs) {
                secret.assertAbsentFrom("the output of a command", output.stdout(), output.stderr());
            }
        }
        Leftovers.assertNoFileContains(tmp, secret);
        Leftovers.assertNoFileContains(backups, secret);
    }

    static void createSqlite(Path file, int rows) {
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + file); Statement statement = conn.createStatement()) {
            statement.execute("create table note (id integer primary key, body text)");
            statement.execute("with recursive n(i) as (select 1 union all select i + 1 from n where i < " + rows + ") "
                    + "insert into note (body) select 'note ' || i || ' ' || hex(randomblob(16)) from n");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
