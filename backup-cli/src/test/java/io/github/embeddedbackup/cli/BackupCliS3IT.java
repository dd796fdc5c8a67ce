package io.github.embeddedbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.storage.s3.S3TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command through s3:// exactly as through a folder, against an in-process S3-compatible server. */
class BackupCliS3IT {

    static S3TestServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = new S3TestServer();
        server.createBucket("cli-backups");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void backupListVerifyRestorePruneAndDecryptThroughS3() throws Exception {
        Path app = dir.resolve("app.db");
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + app); Statement statement = conn.createStatement()) {
            statement.execute("create table t (x text)");
            statement.execute("insert into t values ('through s3'), ('ü')"); // one statement per execute: sqlite-jdbc runs only the first
        }
        Files.createDirectories(dir.resolve("tree/sub"));
        Files.writeString(dir.resolve("tree/sub/f.txt"), "file via s3");
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        Files.writeString(dir.resolve("backup.key"), java.util.Base64.getEncoder().encodeToString(key));
        String[] s3 = {"--storage", "s3://cli-backups/team/app", "--s3-endpoint", server.endpoint().toString(), "--s3-path-style"};

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Result backup = run(concat(new String[] {"backup"}, s3, new String[] {"--source", "jdbc:sqlite:" + app, "--source",
                    "file:" + dir.resolve("tree"), "--key-file", "backup.key"}));
            assertThat(backup.exit).as(backup.stderr).isZero();
            ids.add(backup.lastLine());
        }
        // The reading commands, each writing where no other does: all at once.
        Iterator<Result> reads = runAll(List.of(concat(new String[] {"list"}, s3, new String[] {"--json"}),
                concat(new String[] {"verify"}, s3, new String[] {"latest", "--key-file", "backup.key"}),
                concat(new String[] {"restore"}, s3, new String[] {"latest", "--target", "jdbc:sqlite:" + dir.resolve("r.db"), "--key-file",
                        "backup.key"}),
                concat(new String[] {"restore"}, s3, new String[] {"latest", "--target", "file:" + dir.resolve("rtree"), "--key-file", "backup.key"}),
                concat(new String[] {"decrypt"}, s3, new String[] {"latest", "--out", "plain.tar.zst", "--key-file", "backup.key"}))).iterator();
        Result list = reads.next();
        assertThat(list.stdout).contains(ids.get(0), ids.get(1), ids.get(2)).contains("\"encrypted\" : true");

        Result verify = reads.next();
        assertThat(verify.exit).as(verify.stderr).isZero();
        assertThat(verify.stdout).contains("is sound (content");

        Result restoreDb = reads.next();
        assertThat(restoreDb.exit).as(restoreDb.stderr).isZero();
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("r.db"));
                java.sql.ResultSet rows = conn.createStatement().executeQuery("select x from t order by rowid")) {
            List<String> restored = new ArrayList<>();
            while (rows.next()) {
                restored.add(rows.getString(1));
            }
            assertThat(restored).as("the rows came back through S3").containsExactly("through s3", "ü");
        }
        Result restoreTree = reads.next();
        assertThat(restoreTree.exit).as(restoreTree.stderr).isZero();
        assertThat(dir.resolve("rtree/sub/f.txt")).hasContent("file via s3");

        Result decrypt = reads.next();
        assertThat(decrypt.exit).as(decrypt.stderr).isZero();
        assertThat(dir.resolve("plain.tar.zst")).isNotEmptyFile();

        Result prune = run(concat(new String[] {"prune"}, s3, new String[] {"--keep-last", "1"}));
        assertThat(prune.exit).as(prune.stderr).isZero();
        Result after = run(concat(new String[] {"list"}, s3, new String[] {"--json"}));
        assertThat(after.stdout).contains(ids.get(2)).doesNotContain(ids.get(0)).doesNotContain(ids.get(1));
        assertThat(list.stdout + list.stderr + prune.stdout + prune.stderr).doesNotContain(S3TestServer.SECRET_KEY);
    }

    @Test
    void wrongCredentialsAreExplained() throws Exception {
        Result result = run(Map.of("AWS_ACCESS_KEY_ID", "nobody", "AWS_SECRET_ACCESS_KEY", "not-the-secret"), "list", "--storage",
                "s3://cli-backups/team", "--s3-endpoint", server.endpoint().toString(), "--s3-path-style");
        assertThat(result.exit).isNotZero();
        assertThat(result.stderr).contains("access denied").contains("s3:ListBucket").doesNotContain("not-the-secret");
    }

    @Test
    void aServerThatDoesNotAnswerFailsWithinTheTimeout() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                List<java.net.Socket> held = new ArrayList<>();
                try {
                    while (true) {
                        held.add(silent.accept()); // accept, never answer
                    }
                } catch (IOException e) {
                    held.forEach(socket -> {
                        try {
                            socket.close();
                        } catch (IOException ignored) {
                            // closing
                        }
                    });
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            long started = System.nanoTime();

            Result result = run("list", "--storage", "s3://cli-backups/team", "--s3-endpoint", "http://127.0.0.1:" + silent.getLocalPort(),
                    "--s3-path-style", "--s3-timeout", "1");

            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            assertThat(result.exit).isNotZero();
            assertThat(result.stderr).contains("did not answer within the timeout");
            assertThat(seconds).as("a 1 s timeout with the SDK's retries ends well within a minute").isLessThan(60);
        }
    }

    private static final Map<String, String> CREDENTIALS = Map.of("AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY",
            S3TestServer.SECRET_KEY);

    private Result run(String... args) throws IOException, InterruptedException {
        return run(CREDENTIALS, args);
    }

    /** Through the shared {@link Cli} runner: the jar as a user runs it, started as every CLI IT starts it. */
    private Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return result(new Cli(dir).run(withRegion(env), args));
    }

    /** Read-only commands at once ({@link Cli#runAll}), with the test's credentials; results in order. */
    private List<Result> runAll(List<String[]> commands) throws IOException, InterruptedException {
        return new Cli(dir).runAll(withRegion(CREDENTIALS), commands).stream().map(BackupCliS3IT::result).toList();
    }

    private static Map<String, String> withRegion(Map<String, String> env) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("AWS_REGION", "us-east-1");
        return all;
    }

    private static Result result(Cli.Result result) {
        return new Result(result.exit(), result.stdout(), result.stderr());
    }

    private static String[] concat(String[]... parts) {
        List<String> all = new ArrayList<>();
        for (String[] part : parts) {
            all.addAll(List.of(part));
        }
        return all.toArray(String[]::new);
    }

    record Result(int exit, String stdout, String stderr) {
        String lastLine() {
            String[] lines = stdout.strip().split("\n");
            return lines[lines.length - 1].strip();
        }
    }
}
