package io.github.embeddedbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a new user or a hostile tester types wrong, and what the CLI answers (issue 12, items 7, 15 and 18). */
@Tag("fault-matrix")
class CliUsageFaultsIT {

    static final List<String> COMMANDS = List.of("backup", "list", "verify", "restore", "decrypt", "keygen", "prune", "cleanup");

    @TempDir
    Path dir;
    Cli cli;
    Path app;

    @BeforeEach
    void setUp() throws Exception {
        cli = new Cli(dir);
        app = dir.resolve("app.db");
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + app); Statement statement = conn.createStatement()) {
            statement.execute("create table note (id integer primary key, body text)");
            statement.execute("insert into note (body) values ('hello')");
        }
    }

    @Test
    void everyCommandAnswersHelpAndUsageErrorsPointAtIt() throws Exception {
        List<String[]> commands = new ArrayList<>(COMMANDS.stream().map(command -> new String[] {command, "--help"}).toList());
        commands.addAll(List.of(new String[] {"backup", "--source", "jdbc:sqlite:" + app}, new String[0], new String[] {"--help"}));
        Iterator<Cli.Result> results = cli.runAll(commands).iterator(); // read-only: all at once
        for (String command : COMMANDS) {
            Cli.Result help = results.next();
            assertThat(help.exit()).as(command + ": " + help).isZero();
            assertThat(help.stdout()).as(command).contains("Usage: backup-cli " + command);
            assertThat(help.stderr()).as(command).doesNotContain("Missing required");
        }
        Cli.Result usage = results.next();
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.stderr()).contains("--storage").contains("Run 'backup-cli backup --help'");

        Cli.Result nothing = results.next();
        assertThat(nothing.exit()).isEqualTo(2);
        assertThat(nothing.stderr()).contains("Run 'backup-cli --help'").doesNotContain("backup-cli backup-cli");

        Cli.Result top = results.next();
        assertThat(top.exit()).isZero();
        assertThat(top.stdout()).contains("Remove what interrupted backups left behind.")
                .contains("Write a backup's archive decrypted (still compressed), for stock tools.");
        for (String line : top.stdout().lines().filter(l -> l.startsWith("  ") && COMMANDS.stream().anyMatch(c -> l.strip().startsWith(c + " "))).toList()) {
            assertThat(line.strip()).as("a whole sentence").endsWith(".");
        }
    }

    @Test
    void badValuesAreRefusedWithTheValidRangeAndExitCode2() throws Exception {
        String storage = "file:" + dir.resolve("backups");
        String[] backupApp = {"backup", "--storage", storage, "--source", "jdbc:sqlite:" + app};
        Iterator<Cli.Result> refused = cli.runAll(List.of(Cli.args(backupApp, new String[] {"--level", "-5"}),
                Cli.args(backupApp, new String[] {"--compression", "gzip", "--level", "12"}),
                Cli.args(backupApp, new String[] {"--label", "trigger=forged"}), Cli.args(backupApp, new String[] {"--label", "Reason=x"}),
                Cli.args(backupApp, new String[] {"--label", "novalue"}))).iterator();
        Cli.Result level = refused.next();
        assertThat(level.exit()).as(level.toString()).isEqualTo(2);
        assertThat(level.stderr()).contains("zstd level must be between 1 and 19, but was -5").contains("--level");
        Cli.Result gzip = refused.next();
        assertThat(gzip.exit()).isEqualTo(2);
        assertThat(gzip.stderr()).contains("gzip level must be between 1 and 9");

        Cli.Result trigger = refused.next();
        assertThat(trigger.exit()).as(trigger.toString()).isEqualTo(2);
        assertThat(trigger.stderr()).contains("--label").contains("'trigger'");
        Cli.Result upper = refused.next();
        assertThat(upper.exit()).isEqualTo(2);
        assertThat(upper.stderr()).contains("Label key 'Reason' is not allowed");
        Cli.Result noValue = refused.next();
        assertThat(noValue.exit()).as(noValue.toString()).isEqualTo(2);
        assertThat(noValue.stderr()).contains("--label 'novalue' is not KEY=VALUE").doesNotContain("option option");
        assertThat(dir.resolve("backups/manifests")).doesNotExist();

        Cli.Result backup = cli.run("backup", "--storage", storage, "--source", "jdbc:sqlite:" + app + " ", "--label", "reason=before-upgrade");
        assertThat(backup.exit()).as(backup.toString()).isZero();
        List<String> ids = List.of("nonsense", "../../etc/passwd", "20260101T000000Z-abcdef");
        List<String[]> readOnly = new ArrayList<>(List.of(new String[] {"list", "--storage", storage},
                new String[] {"cleanup", "--storage", storage, "--now", "--grace-hours", "5"}));
        ids.forEach(id -> readOnly.add(new String[] {"verify", "--storage", storage, id}));
        readOnly.add(new String[] {"prune", "--storage", storage, "--keep-last", "-1"});
        readOnly.add(new String[] {"prune", "--storage", storage, "--keep-within", "0", "--keep-last", "1", "--dry-run"});
        Iterator<Cli.Result> results = cli.runAll(readOnly).iterator();
        assertThat(results.next().stdout()).as("a pasted trailing space is no part of the source name")
                .contains("app (sqlite)").doesNotContain("_ (sqlite)");

        Cli.Result contradiction = results.next();
        assertThat(contradiction.exit()).as(contradiction.toString()).isEqualTo(2);
        assertThat(contradiction.stderr()).contains("--now and --grace-hours contradict each other");

        for (String id : ids) {
            Cli.Result verify = results.next();
            assertThat(verify.exit()).as(id + ": " + verify).isEqualTo(2);
            assertThat(verify.stderr()).contains("backup-cli list --storage");
        }

        Cli.Result negative = results.next();
        assertThat(negative.exit()).isEqualTo(2);
        assertThat(negative.stderr()).contains("--keep-last: The number of newest backups to keep must not be negative")
                .doesNotContain("keepLast");
        Cli.Result zero = results.next();
        assertThat(zero.exit()).as("0 turns keep-within off, as in the starter: " + zero).isZero();
    }

    @Test
    void storageTyposAreRefusedInsteadOfWritingLocally() throws Exception {
        List<String> typos = List.of("s3:/bucket/x", "s3:bucket", "gs:/bucket", "xyz:stuff", "file://host/path", "gcs://bucket", "file//x",
                "s3//bucket/x");
        Iterator<Cli.Result> typoResults = cli.runAll(typos.stream().map(typo -> new String[] {"backup", "--storage", typo, "--source",
                "jdbc:sqlite:" + app}).toList()).iterator();
        Map<String, Cli.Result> byTypo = new HashMap<>();
        for (String typo : typos) {
            Cli.Result backup = typoResults.next();
            byTypo.put(typo, backup);
            assertThat(backup.exit()).as(typo + ": " + backup).isEqualTo(2);
            assertThat(backup.stderr()).as(typo).contains("s3://bucket/prefix").contains("gs://bucket/prefix").contains("file:<folder>");
        }
        // The same commands as above: their answers again.
        assertThat(byTypo.get("s3:/bucket/x").stderr()).contains("did you mean s3://bucket/x?");
        assertThat(byTypo.get("file//x").stderr()).contains("did you mean file:/x?");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).as("nothing written locally").containsOnly("app.db");
        }

        // Storage settings: misspelt, of another storage, or given twice, are refused, never guessed. None writes: all at once.
        Iterator<Cli.Result> results = cli.runAll(List.of(
                new String[] {"backup", "--storage", "file:" + dir.resolve("b"), "-o", "pth=/x", "--source", "jdbc:sqlite:" + app},
                new String[] {"backup", "--storage", "file:" + dir.resolve("b"), "-o", "path=" + dir.resolve("c"), "--source", "jdbc:sqlite:" + app},
                new String[] {"backup", "--storage", "file:" + dir.resolve("b"), "--s3-region", "eu-west-1", "--source", "jdbc:sqlite:" + app},
                new String[] {"list", "--storage", "s3://bucket/x", "--s3-endpoint", "http://127.0.0.1:1", "-o", "endpoint=http://127.0.0.1:2"},
                new String[] {"list", "--help"},
                new String[] {"list", "--storage", "file:" + app.getParent(), "--gcs-storage-class", "NEARLINE"},
                new String[] {"list", "--storage", "gs://bucket/x", "--gcs-chunk-size", "1MB", "-o", "chunk-size=2MB"},
                new String[] {"list", "--storage", "gs://bucket/x", "--gcs-chunk-size", "1000"},
                new String[] {"list", "--storage", "azure://container/x", "-o", "account-key=c2VjcmV0LXZhbHVl"},
                new String[] {"list", "--storage", "file:" + dir.resolve("nowhere")},
                new String[] {"list", "--storage", "file:" + app})).iterator();
        Cli.Result misspelt = results.next();
        assertThat(misspelt.exit()).as(misspelt.toString()).isEqualTo(2);
        assertThat(misspelt.stderr()).contains("-o pth").contains("did you mean 'path'");
        Cli.Result twice = results.next();
        assertThat(twice.exit()).as(twice.toString()).isEqualTo(2);
        assertThat(twice.stderr()).contains("-o path").contains("--storage already names");
        Cli.Result s3ForFile = results.next();
        assertThat(s3ForFile.exit()).as(s3ForFile.toString()).isEqualTo(2);
        assertThat(s3ForFile.stderr()).contains("--s3-region applies to s3:// storage only");
        Cli.Result both = results.next();
        assertThat(both.exit()).as(both.toString()).isEqualTo(2);
        assertThat(both.stderr()).contains("--s3-endpoint").contains("Give each setting once");
        assertThat(Files.exists(dir.resolve("b"))).as("nothing written for a refused storage").isFalse();

        // Every installed storage's settings are options --TYPE-SETTING, derived from the provider: none is written in the CLI.
        Cli.Result help = results.next();
        assertThat(help.stdout()).contains("Storage settings: --TYPE-SETTING=VALUE").contains("--gcs-storage-class").contains("--s3-part-size")
                .contains("--azure-endpoint").contains("--azure-account").contains("--azure-access-tier")
                .doesNotContain("--azure-account-key").doesNotContain("--azure-sas-token").doesNotContain("--azure-connection-string")
                .contains("--gdrive-root-url").contains("--gdrive-token-url").contains("--gdrive-credentials-file").contains("--gdrive-chunk-size")
                .doesNotContain("--gdrive-refresh-token").doesNotContain("--gdrive-client-secret").doesNotContain("--gdrive-folder-id")
                .doesNotContain("--azure-container").doesNotContain("--gcs-bucket");
        Cli.Result gcsForFile = results.next();
        assertThat(gcsForFile.exit()).as(gcsForFile.toString()).isEqualTo(2);
        assertThat(gcsForFile.stderr()).contains("--gcs-storage-class applies to gcs storage only, but --storage is local storage");
        Cli.Result gcsTwice = results.next();
        assertThat(gcsTwice.exit()).as(gcsTwice.toString()).isEqualTo(2);
        assertThat(gcsTwice.stderr()).contains("-o chunk-size sets what --gcs-chunk-size already sets");
        Cli.Result gcsRange = results.next();
        assertThat(gcsRange.exit()).as(gcsRange.toString()).isEqualTo(2);
        assertThat(gcsRange.stderr()).contains("--gcs-chunk-size: it must be between 256KB and 512MB");
        // A secret on the command line is readable by every user of the machine (ps): refused, pointing at the environment.
        Cli.Result secret = results.next();
        assertThat(secret.exit()).as(secret.toString()).isEqualTo(2);
        assertThat(secret.stderr()).contains("-o account-key would put a secret on the command line").contains("docs/storage-azure.md")
                .doesNotContain("c2VjcmV0LXZhbHVl");

        Cli.Result missing = results.next();
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.stderr()).contains("does not exist");
        Cli.Result file = results.next();
        assertThat(file.exit()).isEqualTo(2);
        assertThat(file.stderr()).contains("is a file, not a folder");
    }

    @Test
    void sourceTyposAndDuplicateNamesAreRefusedNamingWhatToWrite() throws Exception {
        String storage = "file:" + dir.resolve("backups");
        Files.createDirectories(dir.resolve("tree"));
        Iterator<Cli.Result> results = cli.runAll(List.of(
                new String[] {"backup", "--storage", storage, "--source", "jdbc:postgres://localhost/shop?password=Hunter2"},
                new String[] {"backup", "--storage", storage, "--source", "jdbc:sqllite:" + app},
                new String[] {"backup", "--storage", storage, "--source", "a=jdbc:sqlite:" + app, "--source", "a=file:" + dir.resolve("tree")}))
                .iterator();
        Cli.Result postgres = results.next();
        assertThat(postgres.exit()).isEqualTo(2);
        assertThat(postgres.stderr()).contains("did you mean jdbc:postgresql://").contains("jdbc:sqlite:/path/file.db")
                .doesNotContain("Hunter2");
        Cli.Result sqlite = results.next();
        assertThat(sqlite.exit()).isEqualTo(2);
        assertThat(sqlite.stderr()).contains("did you mean jdbc:sqlite:" + app);

        Cli.Result same = results.next();
        assertThat(same.exit()).as(same.toString()).isEqualTo(2);
        assertThat(same.stderr()).contains("Two sources are named 'a' (sqlite, files)").contains("--source NAME=URL");
        assertThat(dir.resolve("backups/manifests")).as("nothing stored").doesNotExist();
    }

    @Test
    void listShowsLabelsSoASafetyBackupCanBeToldApart() throws Exception {
        String storage = "file:" + dir.resolve("backups");
        Cli.Result backup = cli.run("backup", "--storage", storage, "--source", "jdbc:sqlite:" + app + " ", "--label", "reason=before-upgrade");
        assertThat(backup.exit()).as(backup.toString()).isZero();
        Iterator<Cli.Result> results = cli.runAll(List.of(new String[] {"list", "--storage", storage},
                new String[] {"cleanup", "--storage", storage, "--now", "--grace-hours", "5"}, new String[] {"list", "--storage", storage},
                new String[] {"list", "--storage", storage, "--json"})).iterator();
        assertThat(results.next().stdout()).as("a pasted trailing space is no part of the source name")
                .contains("app (sqlite)").doesNotContain("_ (sqlite)");

        Cli.Result contradiction = results.next();
        assertThat(contradiction.exit()).as(contradiction.toString()).isEqualTo(2);
        assertThat(contradiction.stderr()).contains("--now and --grace-hours contradict each other");
        Cli.Result list = results.next();
        assertThat(list.stdout()).contains("LABELS").contains("trigger=cli reason=before-upgrade");
        assertThat(results.next().stdout()).contains("\"reason\" : \"before-upgrade\"");
    }
}
