package io.github.embeddedbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.storage.azure.AzuriteServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command through azure:// exactly as through a folder, against Azurite, with secrets only in the environment. */
class BackupCliAzureIT {

    static AzuriteServer azurite;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        azurite = AzuriteServer.start();
        azurite.createContainer("cli-backups");
    }

    @AfterAll
    static void stop() {
        if (azurite != null) {
            azurite.close();
        }
    }

    @Test
    void backupListVerifyRestoreThroughAzureWithAConnectionString() throws Exception {
        Path app = dir.resolve("app.db");
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + app); Statement statement = conn.createStatement()) {
            statement.execute("create table t (x text)");
            statement.execute("insert into t values ('through azure'), ('ü')");
        }
        Files.createDirectories(dir.resolve("tree/sub"));
        Files.writeString(dir.resolve("tree/sub/f.txt"), "file via azure");
        assertThat(rows(app)).containsExactly("through azure", "ü");
        Map<String, String> env = Map.of("AZURE_STORAGE_CONNECTION_STRING", azurite.connectionString());
        String storage = "azure://cli-backups/team/app";

        Cli.Result backup = run(env, "backup", "--storage", storage, "--source", "jdbc:sqlite:" + app, "--source", "file:" + dir.resolve("tree"));
        assertThat(backup.exit()).as(backup.stderr()).isZero();
        String id = backup.lastStdoutLine();

        Cli.Result list = run(env, "list", "--storage", storage, "--json");
        assertThat(list.exit()).as(list.stderr()).isZero();
        assertThat(list.stdout()).contains(id);

        Cli.Result verify = run(env, "verify", "--storage", storage, "latest");
        assertThat(verify.exit()).as(verify.stderr()).isZero();
        assertThat(verify.stdout()).contains("is sound (content");

        Cli.Result restoreDb = run(env, "restore", "--storage", storage, "latest", "--target", "jdbc:sqlite:" + dir.resolve("r.db"));
        assertThat(restoreDb.exit()).as(restoreDb.stderr()).isZero();
        assertThat(rows(dir.resolve("r.db"))).containsExactly("through azure", "ü");
        Cli.Result restoreTree = run(env, "restore", "--storage", storage, "latest", "--target", "file:" + dir.resolve("rtree"));
        assertThat(restoreTree.exit()).as(restoreTree.stderr()).isZero();
        assertThat(dir.resolve("rtree/sub/f.txt")).hasContent("file via azure");

        assertThat(azurite.client().getBlobContainerClient("cli-backups").listBlobs().stream())
                .as("the backup lies under the URI's prefix").anySatisfy(blob -> assertThat(blob.getName()).startsWith("team/app/manifests/" + id));
        assertThat(backup.stdout() + backup.stderr() + list.stdout() + list.stderr() + verify.stdout() + verify.stderr())
                .doesNotContain(AzuriteServer.KEY).doesNotContain("AccountKey");
    }

    @Test
    void anEndpointAndAccountWithTheKeyInTheEnvironment() throws Exception {
        Files.createDirectories(dir.resolve("tree"));
        Files.writeString(dir.resolve("tree/a.txt"), "by account key");
        Map<String, String> env = Map.of("AZURE_STORAGE_KEY", AzuriteServer.KEY);
        String[] azure = {"--storage", "azure://cli-backups/keyed", "--azure-endpoint", azurite.endpoint(), "--azure-account",
                AzuriteServer.ACCOUNT};

        Cli.Result backup = run(env, Cli.args(new String[] {"backup"}, azure, new String[] {"--source", "file:" + dir.resolve("tree")}));
        assertThat(backup.exit()).as(backup.stderr()).isZero();
        Cli.Result restore = run(env, Cli.args(new String[] {"restore"}, azure, new String[] {"latest", "--target", "file:" + dir.resolve("back")}));
        assertThat(restore.exit()).as(restore.stderr()).isZero();
        assertThat(dir.resolve("back/a.txt")).hasContent("by account key");

        Cli.Result generic = run(env, "list", "--storage", "azure://cli-backups/keyed", "-o", "endpoint=" + azurite.endpoint(), "-o",
                "account=" + AzuriteServer.ACCOUNT);
        assertThat(generic.exit()).as(generic.stderr()).isZero();
        assertThat(generic.stdout()).contains(backup.lastStdoutLine());
    }

    @Test
    void aMissingContainerIsNamed() throws Exception {
        Files.createDirectories(dir.resolve("tree"));
        Files.writeString(dir.resolve("tree/a.txt"), "x");
        Cli.Result result = run(Map.of("AZURE_STORAGE_CONNECTION_STRING", azurite.connectionString()), "backup", "--storage",
                "azure://no-such-container/app", "--source", "file:" + dir.resolve("tree"));
        assertThat(result.exit()).isNotZero();
        assertThat(result.stderr()).contains("container 'no-such-container' does not exist").contains("az storage container create")
                .doesNotContain(AzuriteServer.KEY);
    }

    private static List<String> rows(Path db) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + db); Statement statement = conn.createStatement();
                ResultSet result = statement.executeQuery("select x from t order by rowid")) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }

    /** The CLI jar in a child JVM, from an empty environment: Azure variables of the machine running the tests are not inherited. */
    private Cli.Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return new Cli(dir).run(env, true, Duration.ofMinutes(3), args);
    }
}
