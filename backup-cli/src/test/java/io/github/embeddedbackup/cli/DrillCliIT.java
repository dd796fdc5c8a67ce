package io.github.embeddedbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.testing.HttpReceiver;
import io.github.embeddedbackup.core.testing.PgTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** {@code backup-cli drill} as a user runs it: checks printed, RTO, exit code, scratch database gone, last drill in list --json. */
class DrillCliIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;
    Cli cli;
    String storage;
    String database;
    String scratchServer;

    @BeforeEach
    void setUp() {
        PgTestServer.require();
        cli = new Cli(dir);
        storage = "file:" + dir.resolve("backups");
        database = PgTestServer.createDatabase("bt_clidrill_src");
        PgTestServer.execute(database, """
                create table orders(id serial primary key, note text);
                insert into orders(note) select 'order ' || i from generate_series(1, 120) i;
                """);
        scratchServer = PgTestServer.createDatabase("bt_clidrill_scratch"); // its scratch databases are named after it
    }

    @AfterEach
    void tearDown() {
        PgTestServer.dropDatabase(database);
        PgTestServer.dropDatabase(scratchServer);
    }

    @Test
    void aPostgresDrillPrintsItsChecksAndTheRtoDropsTheScratchDatabaseAndShowsInList() throws Exception {
        Cli.Result backup = cli.run("backup", "--storage", storage, "--source", PgTestServer.jdbcUrl(database));
        assertThat(backup.exit()).as(backup.toString()).isZero();

        Cli.Result drill = cli.run("drill", "--storage", storage, "latest", "--scratch", PgTestServer.jdbcUrl(scratchServer));

        assertThat(drill.exit()).as(drill.toString()).isZero();
        assertThat(drill.stdout()).contains("OK      " + database + ": restore", "OK      " + database + ": rows - 1 table, 120 rows",
                        "OK      " + database + ": schemas - 1 schema recorded, all present: public",
                        "OK      " + database + ": sequences - 1 sequence, as the backup recorded",
                        "OK      " + database + ": large objects - 0 large objects, as the backup recorded")
                .containsPattern("(?m)^RTO \\d+\\.\\d s$").doesNotContain("FAILED");
        assertThat(scratchDatabases()).isEmpty();

        JsonNode listed = JSON.readTree(cli.run("list", "--storage", storage, "--json").stdout()).get(0);
        assertThat(listed.get("lastDrill").get("ok").asBoolean()).isTrue();
        assertThat(listed.get("lastDrill").get("rtoSeconds").asDouble()).isPositive();
        assertThat(listed.get("lastDrill").get("drilledAt").asString()).isNotBlank();
    }

    @Test
    void aBackupWhoseManifestRowCountDiffersFromItsDumpFailsTheDrillAndTellsTheWebhook() throws Exception {
        String id = cli.run("backup", "--storage", storage, "--source", PgTestServer.jdbcUrl(database)).lastStdoutLine();
        Path manifest = dir.resolve("backups/manifests/" + id + ".json");
        ObjectNode json = (ObjectNode) JSON.readTree(Files.readString(manifest));
        ((ObjectNode) json.get("sources").get(0).get("tables").get(0)).put("rows", 121);
        Files.writeString(manifest, JSON.writeValueAsString(json));

        try (HttpReceiver webhook = new HttpReceiver()) {
            Cli.Result drill = cli.run("drill", "--storage", storage, id, "--scratch", PgTestServer.jdbcUrl(scratchServer),
                    "--notify-webhook", webhook.url("/hooks").toString());

            assertThat(drill.exit()).as(drill.toString()).isEqualTo(1);
            assertThat(drill.stdout()).contains("FAILED  " + database + ": rows \"public\".\"orders\"", "has 120 rows", "records 121")
                    .containsPattern("(?m)^RTO \\d+\\.\\d s$");
            JsonNode event = JSON.readTree(webhook.await(1, Duration.ofSeconds(5)).get(0).body());
            assertThat(event.get("type").asString()).isEqualTo("drill-failed");
            assertThat(event.get("data").get("backupId").asString()).isEqualTo(id);
        }
        assertThat(scratchDatabases()).isEmpty();
        JsonNode listed = JSON.readTree(cli.run("list", "--storage", storage, "--json").stdout()).get(0);
        assertThat(listed.get("lastDrill").get("ok").asBoolean()).isFalse();
    }

    @Test
    void aPostgresDrillWithoutScratchIsRefusedNamingTheOption() throws Exception {
        cli.run("backup", "--storage", storage, "--source", PgTestServer.jdbcUrl(database));

        Cli.Result drill = cli.run("drill", "--storage", storage, "latest");

        assertThat(drill.exit()).as(drill.toString()).isNotZero();
        assertThat(drill.stderr()).contains("--scratch");
        assertThat(Files.exists(dir.resolve("backups/drills"))).isFalse();
    }

    @Test
    void aSqliteDrillNeedsNoScratchAndLeavesNoFileBehind() throws Exception {
        Path app = dir.resolve("app.db");
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + app); Statement statement = conn.createStatement()) {
            statement.execute("create table note (id integer primary key, body text)");
            statement.execute("insert into note (body) values ('hello'), ('world')");
        }
        cli.run("backup", "--storage", storage, "--source", "jdbc:sqlite:" + app);
        List<Path> before = drillFolders();

        Cli.Result drill = cli.run("drill", "--storage", storage, "latest");

        assertThat(drill.exit()).as(drill.toString()).isZero();
        assertThat(drill.stdout()).contains("OK      app: rows - 1 table, 2 rows", "OK      app: integrity_check - ok")
                .containsPattern("(?m)^RTO \\d+\\.\\d s$");
        assertThat(drillFolders()).isSubsetOf(before);
        try (Stream<Path> records = Files.list(dir.resolve("backups/drills"))) {
            assertThat(records).hasSize(1);
        }
    }

    private List<String> scratchDatabases() {
        return PgTestServer.query("postgres", "select datname from pg_database where datname like '" + scratchServer + "\\_drill\\_%'");
    }

    private static List<Path> drillFolders() throws Exception {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("embeddedbackup-drill-")).toList();
        }
    }
}
