package io.github.embeddedbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile tester's ways to get a secret onto the command line or into the CLI's output: other spellings of a
 * secret setting, a secret option, a misspelt one followed by its value, a SAS pasted into --storage. Each is
 * refused with exit 2, naming the environment variable to set, and the value never appears.
 */
@Tag("fault-matrix")
class CliSecretsFaultsIT {

    static final String VALUE = "c2VjcmV0LXZhbHVlLW5vdC10by1zaG93";

    @TempDir
    Path dir;
    Cli cli;
    Path app;

    @BeforeEach
    void setUp() throws Exception {
        cli = new Cli(dir);
        app = dir.resolve("app.db");
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + app); Statement statement = conn.createStatement()) {
            statement.execute("create table note (body text)");
        }
    }

    @Test
    void everySpellingOfASecretSettingIsRefusedNamingItsVariable() throws Exception {
        Map<String, String> spellings = Map.ofEntries(
                Map.entry("accountkey", "AZURE_STORAGE_KEY"), Map.entry("AccountKey", "AZURE_STORAGE_KEY"),
                Map.entry("ACCOUNT_KEY", "AZURE_STORAGE_KEY"), Map.entry("account-key", "AZURE_STORAGE_KEY"),
                Map.entry("sastoken", "AZURE_STORAGE_SAS_TOKEN"), Map.entry("ConnectionString", "AZURE_STORAGE_CONNECTION_STRING"),
                Map.entry("connection_string", "AZURE_STORAGE_CONNECTION_STRING"),
                Map.entry("Connection-String", "AZURE_STORAGE_CONNECTION_STRING"), Map.entry("customerKey", "AZURE_STORAGE_CUSTOMER_KEY"));
        boolean first = true;
        for (Map.Entry<String, String> spelling : spellings.entrySet()) {
            Cli.Result result = run(first, "backup", "--storage", "azure://backups/x", "--storage-option", spelling.getKey() + "=" + VALUE,
                    "--source", "jdbc:sqlite:" + app);
            first = false;
            assertThat(result.exit()).as(spelling.getKey() + ": " + result).isEqualTo(2);
            assertThat(result.stderr()).as(spelling.getKey()).contains("-o " + spelling.getKey())
                    .contains("would put a secret on the command line").contains("Set " + spelling.getValue() + " instead")
                    .contains("docs/storage-azure.md");
            assertThat(result.stdout() + result.stderr()).as(spelling.getKey()).doesNotContain(VALUE);
        }
        for (Map.Entry<String, String> spelling : Map.of("clientSecret", "GOOGLE_DRIVE_CLIENT_SECRET", "REFRESH_TOKEN",
                "GOOGLE_DRIVE_REFRESH_TOKEN").entrySet()) {
            Cli.Result result = run(false, "list", "--storage", "gdrive://FOLDER/x", "-o", spelling.getKey() + "=" + VALUE);
            assertThat(result.exit()).as(spelling.getKey() + ": " + result).isEqualTo(2);
            assertThat(result.stderr()).contains("Set " + spelling.getValue() + " instead (docs/storage-gdrive.md)").doesNotContain(VALUE);
        }
    }

    @Test
    void secretOptionsAreRefusedByNameWithoutTheirValue() throws Exception {
        Map<List<String>, String> attempts = Map.of(
                List.of("--azure-account-key", VALUE), "AZURE_STORAGE_KEY",
                List.of("--azure-account-key=" + VALUE), "AZURE_STORAGE_KEY",
                List.of("--azure-connection-string", "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=" + VALUE), "AZURE_STORAGE_CONNECTION_STRING",
                List.of("--azure-sas-token", "sv=2024&sig=" + VALUE), "AZURE_STORAGE_SAS_TOKEN",
                List.of("--gdrive-refresh-token", VALUE), "GOOGLE_DRIVE_REFRESH_TOKEN");
        boolean first = true;
        for (Map.Entry<List<String>, String> attempt : attempts.entrySet()) {
            List<String> args = new java.util.ArrayList<>(List.of("list", "--storage", "azure://backups/x"));
            args.addAll(attempt.getKey());
            Cli.Result result = run(first, args.toArray(String[]::new));
            first = false;
            assertThat(result.exit()).as(attempt.getKey() + ": " + result).isEqualTo(2);
            assertThat(result.stderr()).as(attempt.getKey().toString()).contains("would put a secret on the command line")
                    .contains("Set " + attempt.getValue() + " instead").contains("Run 'backup-cli list --help'");
            assertThat(result.stdout() + result.stderr()).as(attempt.getKey().toString()).doesNotContain(VALUE);
        }
        // Misspelt, it is an unknown option: still named alone, the value that followed is not repeated.
        for (List<String> misspelt : List.of(List.of("--azure-acount-key", VALUE), List.of("--azure-sastoken=" + VALUE),
                List.of("--secret", VALUE), List.of("--foo", VALUE, "--bar=" + VALUE))) {
            List<String> args = new java.util.ArrayList<>(List.of("list", "--storage", "azure://backups/x"));
            args.addAll(misspelt);
            Cli.Result result = run(misspelt.get(0).equals("--azure-acount-key"), args.toArray(String[]::new));
            assertThat(result.exit()).as(misspelt + ": " + result).isEqualTo(2);
            assertThat(result.stderr()).as(misspelt.toString()).contains("Unknown option: '" + misspelt.get(0).replaceFirst("=.*", "") + "'");
            assertThat(result.stdout() + result.stderr()).as(misspelt.toString()).doesNotContain(VALUE);
        }
    }

    @Test
    void misspeltStorageOptionsGetTheNearestOne() throws Exception {
        // Independent commands (only the last writes, into its own folder): all at once.
        Iterator<Cli.Result> results = cli.runAll(List.of(new String[] {"list", "--storage", "azure://backups/x", "--azure-acount", "myaccount"},
                new String[] {"list", "--storage", "azure://backups/x", "--azure-endpont=http://127.0.0.1:1/acct"},
                new String[] {"list", "--storage", "gdrive://F/x", "--gdrive-chunk-sise", "8MB"},
                new String[] {"--verbos", "list", "--storage", "file:" + dir},
                new String[] {"prune", "--storage", "file:" + dir, "--keep-last", "-1"},
                new String[] {"backup", "--storage", "file:" + dir.resolve("b"), "-o", "path=" + dir.resolve("b"), "--source", "jdbc:sqlite:" + app,
                        "--label", "reason=-x"},
                new String[] {"backup", "--storage", "file:" + dir.resolve("b"), "--source", "jdbc:sqlite:" + app, "--label", "reason=x", "-v"}))
                .iterator();
        Cli.Result account = results.next();
        assertThat(account.exit()).as(account.toString()).isEqualTo(2);
        assertThat(account.stderr()).contains("Unknown option: '--azure-acount' (did you mean --azure-account?)").doesNotContain("myaccount");
        Cli.Result endpoint = results.next();
        assertThat(endpoint.exit()).as(endpoint.toString()).isEqualTo(2);
        assertThat(endpoint.stderr()).contains("(did you mean --azure-endpoint?)").doesNotContain("127.0.0.1");
        Cli.Result chunk = results.next();
        assertThat(chunk.stderr()).contains("did you mean --gdrive-chunk-size?");
        Cli.Result verbose = results.next();
        assertThat(verbose.exit()).isEqualTo(2);
        assertThat(verbose.stderr()).contains("Unknown option: '--verbos' (did you mean --verbose?)");

        // Values that start with '-' still belong to their option, and valid options still work.
        Cli.Result negative = results.next();
        assertThat(negative.stderr()).contains("--keep-last: The number of newest backups to keep must not be negative");
        Cli.Result backup = results.next();
        assertThat(backup.stderr()).contains("--storage already names");
        Cli.Result ok = results.next();
        assertThat(ok.exit()).as(ok.toString()).isZero();
    }

    @Test
    void junkInAStorageUriIsRefusedAndAQueryIsNeverShown() throws Exception {
        // Each command is refused before it opens a storage or writes: they run all at once.
        List<String> junk = List.of("azure://backups/q?sig=SECRETSIG", "s3://bucket/q?X-Amz-Signature=SECRETSIG", "gs://bucket/q?sig=SECRETSIG",
                "gdrive://FOLDER/q?access_token=SECRETSIG", "azure://backups?sig=SECRETSIG", "azur://backups/q?sig=SECRETSIG");
        Iterator<Cli.Result> junkResults = cli.runAll(Map.of("AZURE_STORAGE_CONNECTION_STRING", "UseDevelopmentStorage=true"),
                junk.stream().map(uri -> new String[] {"backup", "--storage", uri, "--source", "jdbc:sqlite:" + app}).toList()).iterator();
        List<String> types = List.of("s3://bucket", "gs://bucket", "gdrive://FOLDER", "azure://backups");
        List<String> badPaths = List.of("azure://backups//dbl", "azure://backups/../x", "azure://backups/./x");
        List<String[]> lists = new ArrayList<>();
        for (String type : types) {
            lists.addAll(List.of(new String[] {"list", "--storage", type + "/q?sig=SECRETSIG"}, new String[] {"list", "--storage", type + "//dbl"},
                    new String[] {"list", "--storage", type + "/../x"}));
        }
        badPaths.forEach(uri -> lists.add(new String[] {"list", "--storage", uri}));
        Iterator<Cli.Result> listResults = cli.runAll(lists).iterator();
        for (String uri : junk) {
            Cli.Result result = junkResults.next();
            assertThat(result.exit()).as(uri + ": " + result).isEqualTo(2);
            assertThat(result.stdout() + result.stderr()).as(uri).doesNotContain("SECRETSIG").doesNotContain("sig=");
            assertThat(result.stderr()).as(uri).contains("?…");
        }
        for (String type : types) {
            Cli.Result query = listResults.next();
            assertThat(query.stderr()).as(type).contains("a query string (?…) is not part of a storage URI").contains("write " + type + "/q;");
            Cli.Result twice = listResults.next();
            assertThat(twice.exit()).as(twice.toString()).isEqualTo(2);
            assertThat(twice.stderr()).as(type).contains("empty path segment (//)").contains(type + "/dbl");
            Cli.Result up = listResults.next();
            assertThat(up.exit()).as(up.toString()).isEqualTo(2);
            assertThat(up.stderr()).as(type).contains("has a '..' segment").contains(type + "/x");
        }
        for (String uri : badPaths) {
            Cli.Result result = listResults.next();
            assertThat(result.exit()).as(uri + ": " + result).isEqualTo(2);
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).as("nothing written locally").containsOnly("app.db");
        }
    }

    @Test
    void settingsFromTheEnvironmentAreNamedByTheirVariable() throws Exception {
        Cli.Result gdrive = cli.run(Map.of("GOOGLE_DRIVE_CLIENT_ID", "id.apps.googleusercontent.com"), true, Duration.ofMinutes(1),
                "list", "--storage", "gdrive://FOLDER/x");
        assertThat(gdrive.exit()).as(gdrive.toString()).isEqualTo(2);
        assertThat(gdrive.stderr()).contains("'client-secret' (GOOGLE_DRIVE_CLIENT_SECRET in the environment)").doesNotContain("-o client-secret");

        Cli.Result azure = cli.run(Map.of("AZURE_STORAGE_CUSTOMER_KEY", "not-a-key", "AZURE_STORAGE_CONNECTION_STRING", "UseDevelopmentStorage=true"),
                true, Duration.ofMinutes(1), "list", "--storage", "azure://backups/x");
        assertThat(azure.exit()).as(azure.toString()).isEqualTo(2);
        assertThat(azure.stderr()).contains("AZURE_STORAGE_CUSTOMER_KEY (environment)").doesNotContain("-o customer-key").doesNotContain("not-a-key");
        Cli.Result given = cli.run(Map.of(), true, Duration.ofMinutes(1), "list", "--storage", "gdrive://FOLDER/x", "-o", "chunk-size=1000");
        assertThat(given.stderr()).as("a setting given with -o is still named so").contains("-o chunk-size");
    }

    /**
     * Through the jar in a child process, or in this JVM through {@link BackupCli#execute}: the same
     * argument handling without a JVM start per case (each refusal happens before any storage is opened).
     */
    private Cli.Result run(boolean throughTheJar, String... args) throws Exception {
        if (throughTheJar) {
            return cli.run(args);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        long start = System.nanoTime();
        int exit = BackupCli.execute(args, new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        return new Cli.Result(exit, out.toString(java.nio.charset.StandardCharsets.UTF_8), err.toString(java.nio.charset.StandardCharsets.UTF_8),
                java.time.Duration.ofNanos(System.nanoTime() - start));
    }
}
