package io.github.embeddedbackup.core.source.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.BackupEngine;
import io.github.embeddedbackup.core.BackupException;
import io.github.embeddedbackup.core.BackupOptions;
import io.github.embeddedbackup.core.BackupProgressListener;
import io.github.embeddedbackup.core.Remedy;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.manifest.SourceRecord;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.restore.BackupRestorer;
import io.github.embeddedbackup.core.source.RestoreOptions;
import io.github.embeddedbackup.core.source.SourceProvider;
import io.github.embeddedbackup.core.source.SourceProviders;
import io.github.embeddedbackup.core.source.SourceSettings;
import io.github.embeddedbackup.core.storage.FilesystemBackupStorage;
import io.github.embeddedbackup.core.testing.MysqlAwkwardSeed;
import io.github.embeddedbackup.core.testing.MysqlTestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Back up a MariaDB database full of awkward content through the installed provider, the engine and
 * a filesystem storage, restore it into a new database, and compare every object's definition and
 * every table's rows with the original.
 */
class MysqlRoundTripIT {

    static String original;
    static Map<String, String> originalSchema;
    static Map<String, String> originalData;

    final List<String> created = new ArrayList<>();

    @TempDir
    Path storageDir;

    @BeforeAll
    static void seed() {
        MysqlTestServer.require();
        original = MysqlTestServer.createDatabase("bt_my_roundtrip");
        MysqlTestServer.execute(original, MysqlAwkwardSeed.statements().toArray(String[]::new));
        originalSchema = MysqlTestServer.schemaFingerprint(original);
        originalData = MysqlTestServer.dataFingerprint(original);
        assertThat(originalSchema).as("every kind of object is compared")
                .containsKeys("TABLE orders", "VIEW order_totals", "SEQUENCE ticket_seq", "TRIGGER orders_audit",
                        "PROCEDURE add_order", "FUNCTION order_count", "EVENT nightly_cleanup", "TABLE we\"ird`name");
        assertThat(originalData.keySet()).containsExactlyInAnyOrderElementsOf(MysqlAwkwardSeed.ROWS.keySet());
    }

    @AfterAll
    static void dropOriginal() {
        if (original != null) {
            MysqlTestServer.dropDatabase(original);
        }
    }

    @AfterEach
    void dropCreated() {
        created.forEach(MysqlTestServer::dropDatabase);
    }

    @Test
    void restoredDatabaseEqualsTheOriginal() {
        Manifest manifest = backup(SourceSettings.none());
        String copy = newName();

        restore(manifest.id(), copy, new RestoreOptions(true, false, 1, List.of(), false));

        assertThat(MysqlTestServer.schemaFingerprint(copy)).isEqualTo(originalSchema);
        assertThat(MysqlTestServer.dataFingerprint(copy)).isEqualTo(originalData);
        assertThat(MysqlTestServer.query(copy, "select next_not_cached_value from ticket_seq"))
                .isEqualTo(MysqlTestServer.query(original, "select next_not_cached_value from ticket_seq"));
        assertThat(MysqlTestServer.query(null, "select default_character_set_name, default_collation_name from information_schema.schemata "
                + "where schema_name = '" + copy + "'")).containsExactly("utf8mb4\tutf8mb4_unicode_ci");
        assertThat(MysqlTestServer.query(copy, "select order_count(1)")).containsExactly("2");
        assertThat(MysqlTestServer.query(copy, "select id from articles where match(title, body) against ('hope')")).containsExactly("1");
    }

    @Test
    void manifestRecordsVersionsAndTheExactRowCountsOfTheDump() {
        Manifest manifest = backup(SourceSettings.none());

        SourceRecord source = manifest.sources().get(0);
        assertThat(source.type()).isEqualTo("mysql");
        assertThat(source.property("serverVersion")).contains("MariaDB");
        assertThat(source.property("dumpTool")).isEqualTo("mariadb-dump");
        assertThat(source.property("characterSet")).isEqualTo("utf8mb4");
        assertThat(source.entries()).containsExactly(source.name() + "/database.sql");
        Map<String, Long> recorded = new LinkedHashMap<>();
        source.tables().forEach(table -> recorded.put(table.name(), table.rows()));
        Map<String, Long> real = new LinkedHashMap<>();
        for (String table : MysqlTestServer.tables(original)) {
            real.put(table, Long.parseLong(MysqlTestServer.query(original, "select count(*) from `" + table.replace("`", "``") + "`").get(0)));
        }
        assertThat(recorded).isEqualTo(real).isEqualTo(MysqlAwkwardSeed.ROWS);
    }

    @Test
    void rowCountsAreLeftOutWhenNotWanted() {
        Manifest manifest = backup(SourceSettings.none().withCountRows(false));

        assertThat(manifest.sources().get(0).tables()).isEmpty();
    }

    @Test
    void restoresIntoAnEmptyExistingDatabase() {
        backup(SourceSettings.none());
        String empty = MysqlTestServer.createDatabase("bt_my_empty");
        created.add(empty);

        restore("latest", empty, RestoreOptions.defaults());

        assertThat(MysqlTestServer.dataFingerprint(empty)).isEqualTo(originalData);
        assertThat(MysqlTestServer.schemaFingerprint(empty)).isEqualTo(originalSchema);
    }

    @Test
    void refusesANonEmptyTargetWithoutCleanAndLeavesItAlone() {
        backup(SourceSettings.none());
        String busy = MysqlTestServer.createDatabase("bt_my_busy");
        created.add(busy);
        MysqlTestServer.execute(busy, "create table keep_me (id int)", "insert into keep_me values (42)");

        assertThatThrownBy(() -> restore("latest", busy, RestoreOptions.defaults()))
                .isInstanceOf(BackupConfigurationException.class)
                .hasMessageContaining("not empty")
                .hasMessageContaining("1 table")
                .hasMessageContaining(busy)
                .satisfies(e -> assertThat(((BackupException) e).remedies()).containsExactly(Remedy.CREATE_TARGET, Remedy.CLEAN_TARGET));
        assertThat(MysqlTestServer.query(busy, "select id from keep_me")).containsExactly("42");
    }

    @Test
    void refusesToCreateADatabaseThatExistsAndHoldsDataButTakesAnEmptyOne() {
        backup(SourceSettings.none());
        String existing = MysqlTestServer.createDatabase("bt_my_exists");
        created.add(existing);
        MysqlTestServer.execute(existing, "create view v as select 1 as one");

        assertThatThrownBy(() -> restore("latest", existing, new RestoreOptions(true, false, 1, List.of(), false)))
                .isInstanceOf(BackupConfigurationException.class)
                .hasMessageContaining("already exists and is not empty (1 view)")
                .satisfies(e -> assertThat(((BackupException) e).remedies()).contains(Remedy.CLEAN_TARGET));
        assertThat(MysqlTestServer.query(existing, "select one from v")).containsExactly("1");

        MysqlTestServer.execute(existing, "drop view v");
        restore("latest", existing, new RestoreOptions(true, false, 1, List.of(), false));

        assertThat(MysqlTestServer.dataFingerprint(existing)).isEqualTo(originalData);
    }

    @Test
    void cleanReplacesWhatTheDatabaseHeldAndKeepsItsCharset() {
        backup(SourceSettings.none());
        String copy = MysqlTestServer.createDatabase("bt_my_clean");
        created.add(copy);
        MysqlTestServer.execute(copy, "alter database `" + copy + "` character set utf8mb4 collate utf8mb4_bin",
                "create table stray (id int)", "create view stray_view as select 1 as one",
                "create procedure stray_proc() select 1", "create table customers (id int primary key, other varchar(5))",
                "insert into customers values (99, 'old')");

        restore("latest", copy, new RestoreOptions(false, true, 1, List.of(), false));

        assertThat(MysqlTestServer.schemaFingerprint(copy)).isEqualTo(originalSchema);
        assertThat(MysqlTestServer.dataFingerprint(copy)).isEqualTo(originalData);
        assertThat(MysqlTestServer.query(null, "select default_collation_name from information_schema.schemata where schema_name = '"
                + copy + "'")).containsExactly("utf8mb4_bin");
    }

    @Test
    void existingTargetReportsWhetherItHoldsData() {
        SourceProvider provider = SourceProviders.installed().forUri(MysqlTestServer.jdbcUrl(original));
        String empty = MysqlTestServer.createDatabase("bt_my_holds");
        created.add(empty);

        assertThat(provider.existing("x", MysqlTestServer.jdbcUrl(original), SourceSettings.none()).holdsData().getAsBoolean()).isTrue();
        assertThat(provider.existing("x", MysqlTestServer.jdbcUrl(empty), SourceSettings.none()).holdsData().getAsBoolean()).isFalse();
        assertThat(provider.existing("x", MysqlTestServer.jdbcUrl(empty + "_missing"), SourceSettings.none()).holdsData().getAsBoolean()).isFalse();
        assertThat(provider.existing("x", MysqlTestServer.jdbcUrl(empty), SourceSettings.none()).createWhenMissing()).isTrue();
    }

    @Test
    void databaseNamesWithPercentBacktickSpaceDashAndUnicodeRoundTripPercentEncodedInTheUrl() {
        String source = MysqlTestServer.newName("bt_my_n%41 q-`x ü");
        String copy = MysqlTestServer.newName("bt_my_c%25 `ß-");
        created.add(source);
        created.add(copy);
        MysqlTestServer.executeOnServer("create database " + MysqlTools.quoteIdentifier(source));
        MysqlTestServer.execute(source, "create table t (id int primary key)", "insert into t values (1), (2)");
        String url = MysqlTestServer.jdbcUrl(encode(source));
        SourceProvider provider = SourceProviders.installed().forUri(url);
        BackupRepository repository = new BackupRepository(new FilesystemBackupStorage(storageDir));
        Manifest manifest = new BackupEngine(repository, BackupOptions.defaults())
                .backup(List.of(provider.source("named", url, SourceSettings.none())), Map.of(), BackupProgressListener.NONE);
        assertThat(manifest.sources().get(0).property("database")).isEqualTo(source);

        String target = MysqlTestServer.jdbcUrl(encode(copy));
        new BackupRestorer(repository).restore(manifest.id(), null, provider.target(target, SourceSettings.none()),
                new RestoreOptions(true, false, 1, List.of(), false));

        assertThat(MysqlTestServer.databaseExists(copy)).isTrue();
        assertThat(MysqlTestServer.databaseExists(copy.replace("%25", "%"))).isFalse();
        assertThat(MysqlTestServer.query(copy, "select count(*) from t")).containsExactly("2");
        assertThat(MysqlConnectionInfo.fromJdbcUrl(target).describe()).endsWith("/" + copy);
    }

    @Test
    void cleanWithABackupDamagedDeepInTheArchiveLeavesTheTargetAsItWas() throws Exception {
        backup(SourceSettings.none());
        Path part;
        try (var files = java.nio.file.Files.walk(storageDir)) {
            part = files.filter(java.nio.file.Files::isRegularFile).max(java.util.Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
        }
        byte[] bytes = java.nio.file.Files.readAllBytes(part);
        bytes[bytes.length * 3 / 4] ^= 0x40;
        java.nio.file.Files.write(part, bytes);
        String busy = MysqlTestServer.createDatabase("bt_my_busy");
        created.add(busy);
        MysqlTestServer.execute(busy, "create table keep_me (id int)", "insert into keep_me values (42)");

        assertThatThrownBy(() -> restore("latest", busy, new RestoreOptions(false, true, 1, List.of(), false)))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("was not changed");
        assertThat(MysqlTestServer.tables(busy)).containsExactly("keep_me");
        assertThat(MysqlTestServer.query(busy, "select id from keep_me")).containsExactly("42");
    }

    private static String encode(String name) {
        return java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    private Manifest backup(SourceSettings settings) {
        String url = MysqlTestServer.jdbcUrl(original);
        SourceProvider provider = SourceProviders.installed().forUri(url);
        assertThat(provider.type()).isEqualTo("mysql");
        BackupRepository repository = new BackupRepository(new FilesystemBackupStorage(storageDir));
        return new BackupEngine(repository, BackupOptions.defaults().withPartSize(4 * 1024 * 1024))
                .backup(List.of(provider.source(provider.defaultName(url), url, settings)), Map.of("trigger", "test"), BackupProgressListener.NONE);
    }

    private void restore(String id, String database, RestoreOptions options) {
        String url = MysqlTestServer.jdbcUrl(database);
        SourceProvider provider = SourceProviders.installed().forUri(url);
        BackupRepository repository = new BackupRepository(new FilesystemBackupStorage(storageDir));
        new BackupRestorer(repository).restore(id, null, provider.target(url, SourceSettings.none()), options);
    }

    private String newName() {
        String name = MysqlTestServer.newName("bt_my_copy");
        created.add(name);
        return name;
    }
}
