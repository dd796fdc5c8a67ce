package io.github.embeddedbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.storage.gdrive.FakeDriveServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gdrive:// through the CLI jar with no code of the CLI's own for it: backup, list, verify and restore against the local Drive
 * server. The credentials and the token endpoint come from the environment, the API root from {@code --gdrive-root-url} (and {@code -o root-url} for the missing folder).
 */
class BackupCliGdriveIT {

    static FakeDriveServer server;
    static String folder;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = FakeDriveServer.start();
        folder = server.createFolder("cli-backups");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void backupListVerifyAndRestoreThroughADriveFolder() throws Exception {
        Path app = dir.resolve("app.db");
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + app); Statement statement = conn.createStatement()) {
            statement.execute("create table t (x text)");
            statement.execute("insert into t values ('through drive'), ('ü')");
        }
        Files.createDirectories(dir.resolve("tree/sub"));
        Files.writeString(dir.resolve("tree/sub/f.txt"), "file via drive");
        String[] drive = {"--storage", "gdrive://" + folder + "/team/app", "--gdrive-root-url", server.rootUrl()};

        Cli.Result backup = run(Cli.args(new String[] {"backup"}, drive, new String[] {"--source", "jdbc:sqlite:" + app, "--source", "file:" + dir.resolve("tree")}));
        assertThat(backup.exit()).as(backup.stderr()).isZero();
        String id = backup.lastStdoutLine();
        assertThat(server.fileNames(folder)).contains("team/app/manifests/" + id + ".json").noneMatch(name -> name.contains(".partial/"));

        Cli.Result list = run(Cli.args(new String[] {"list"}, drive, new String[] {"--json"}));
        assertThat(list.exit()).as(list.stderr()).isZero();
        assertThat(list.stdout()).contains(id);

        Cli.Result verify = run(Cli.args(new String[] {"verify"}, drive, new String[] {"latest"}));
        assertThat(verify.exit()).as(verify.stderr()).isZero();
        assertThat(verify.stdout()).contains("is sound (content");

        Cli.Result restoreDb = run(Cli.args(new String[] {"restore"}, drive, new String[] {"latest", "--target", "jdbc:sqlite:" + dir.resolve("r.db")}));
        assertThat(restoreDb.exit()).as(restoreDb.stderr()).isZero();
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("r.db")); Statement statement = conn.createStatement();
                ResultSet rows = statement.executeQuery("select x from t order by x")) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            assertThat(values).containsExactly("through drive", "ü");
        }
        Cli.Result restoreTree = run(Cli.args(new String[] {"restore"}, drive, new String[] {"latest", "--target", "file:" + dir.resolve("rtree")}));
        assertThat(restoreTree.exit()).as(restoreTree.stderr()).isZero();
        assertThat(dir.resolve("rtree/sub/f.txt")).hasContent("file via drive");

        String all = backup.stdout() + backup.stderr() + list.stdout() + list.stderr() + verify.stdout() + verify.stderr() + restoreDb.stderr();
        assertThat(all).doesNotContain(FakeDriveServer.CLIENT_SECRET).doesNotContain(FakeDriveServer.REFRESH_TOKEN).doesNotContain("ya29.");
    }

    @Test
    void aMissingFolderIsNamed() throws Exception {
        Cli.Result result = run("list", "--storage", "gdrive://1NoSuchFolderXyz/team", "-o", "root-url=" + server.rootUrl());
        assertThat(result.exit()).isNotZero();
        assertThat(result.stderr()).contains("1NoSuchFolderXyz").contains("share the folder").doesNotContain(FakeDriveServer.CLIENT_SECRET);
    }

    /** The CLI jar in a child JVM with the test server's OAuth client, refresh token and token endpoint in its environment. */
    private Cli.Result run(String... args) throws IOException, InterruptedException {
        return new Cli(dir).run(Map.of("GOOGLE_DRIVE_CLIENT_ID", FakeDriveServer.CLIENT_ID, "GOOGLE_DRIVE_CLIENT_SECRET",
                FakeDriveServer.CLIENT_SECRET, "GOOGLE_DRIVE_REFRESH_TOKEN", FakeDriveServer.REFRESH_TOKEN, "GOOGLE_DRIVE_TOKEN_URL",
                server.tokenUrl()), args);
    }
}
