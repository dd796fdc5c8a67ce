package io.github.embeddedbackup.core.drill;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.crypto.DecryptionKeys;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.storage.FilesystemBackupStorage;
import io.github.embeddedbackup.core.testing.PgTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drills of PostgreSQL backups into scratch databases on the test server, created and always dropped. */
class PgDrillIT {

    @TempDir
    Path dir;

    private String source;
    private String scratchServer;
    private Path storageDir;
    private BackupRepository repository;

    @BeforeEach
    void setUp() throws Exception {
        PgTestServer.require();
        source = PgTestServer.createDatabase("bt_drill_src");
        PgTestServer.execute(source, """
                create schema sales;
                create table sales.orders(id serial primary key, note text);
                insert into sales.orders(note) select 'order ' || i from generate_series(1, 250) i;
                create table customer(id int primary key);
                insert into customer values (1), (2);
                create sequence invoice_no start 1000;
                select nextval('invoice_no'), nextval('invoice_no');
                select lo_from_bytea(0, 'scan of invoice 1000'), lo_from_bytea(0, 'scan of invoice 1001');
                """);
        // Its own database as the scratch URL, so the scratch databases are named after it and no other test's count.
        scratchServer = PgTestServer.createDatabase("bt_drillscratch");
        storageDir = Files.createDirectories(dir.resolve("storage"));
        repository = new BackupRepository(new FilesystemBackupStorage(storageDir));
    }

    @AfterEach
    void tearDown() {
        PgTestServer.dropDatabase(source);
        PgTestServer.dropDatabase(scratchServer);
    }

    @Test
    void aPostgresBackupPassesItsDrillInAScratchDatabaseThatIsDroppedAfterwards() {
        Manifest manifest = DrillFixtures.backup(repository, PgTestServer.jdbcUrl(source));
        DrillFixtures.RememberingScratches scratches = new DrillFixtures.RememberingScratches(PgTestServer.jdbcUrl(scratchServer));

        DrillResult result = new DrillRunner(repository, DecryptionKeys.none()).drill(manifest, List.of(), scratches, Clock.systemUTC());

        assertThat(result.failures()).isEmpty();
        assertThat(result.checks()).filteredOn(c -> c.name().equals("rows")).singleElement()
                .satisfies(c -> assertThat(c.detail()).contains("2 tables, 252 rows"));
        assertThat(result.checks()).filteredOn(c -> c.name().equals("restore")).singleElement()
                .satisfies(c -> assertThat(c.detail()).contains(scratchServer + "_drill_"));
        assertThat(scratches.opened).singleElement().satisfies(s -> assertThat(s.exists()).isFalse());
        assertThat(scratchDatabases()).isEmpty();
        assertThat(detail(result, "schemas")).isEqualTo("2 schemas recorded, all present: public, sales");
        assertThat(detail(result, "sequences")).isEqualTo("2 sequences, as the backup recorded");
        assertThat(detail(result, "large objects")).isEqualTo("2 large objects, as the backup recorded");

        DrillRecords records = new DrillRecords(repository.storage());
        records.save(result.toRecord());
        assertThat(records.lastDrill(manifest.id())).hasValueSatisfying(r -> {
            assertThat(r.ok()).isTrue();
            assertThat(r.rtoSeconds()).isPositive();
            assertThat(r.checks()).hasSameSizeAs(result.checks());
        });
    }

    @Test
    void aManifestRowCountThatDiffersFromTheDumpFailsTheDrillNamingTheTable() throws Exception {
        Manifest manifest = DrillFixtures.backup(repository, PgTestServer.jdbcUrl(source));
        DrillFixtures.withRowCount(repository, manifest, "\"sales\".\"orders\"", 251);

        DrillResult result = new DrillRunner(repository, DecryptionKeys.none()).drill(repository.get(manifest.id()), List.of(),
                new DrillFixtures.RememberingScratches(PgTestServer.jdbcUrl(scratchServer)), Clock.systemUTC());

        assertThat(result.ok()).isFalse();
        assertThat(result.failures()).singleElement().satisfies(check -> {
            assertThat(check.name()).isEqualTo("rows \"sales\".\"orders\"");
            assertThat(check.detail()).contains("\"sales\".\"orders\" has 250 rows", "records 251");
        });
        assertThat(scratchDatabases()).isEmpty();
    }

    @Test
    void theBackupRecordsTheSchemasSequencesAndLargeObjectsOfTheDumpsSnapshot() {
        Manifest manifest = DrillFixtures.backup(repository, PgTestServer.jdbcUrl(source));

        assertThat(manifest.sources().get(0).properties())
                .containsEntry("schemas", "public,sales").containsEntry("sequences", "2").containsEntry("largeObjects", "2");
    }

    @Test
    void aManifestClaimingAnotherSchemaAndOneMoreSequenceFailsTheDrillNamingBoth() throws Exception {
        Manifest manifest = DrillFixtures.backup(repository, PgTestServer.jdbcUrl(source));
        DrillFixtures.withProperties(repository, manifest, properties -> {
            properties.put("schemas", "archive,public,sales");
            properties.put("sequences", "3");
            return properties;
        });

        DrillResult result = new DrillRunner(repository, DecryptionKeys.none()).drill(repository.get(manifest.id()), List.of(),
                new DrillFixtures.RememberingScratches(PgTestServer.jdbcUrl(scratchServer)), Clock.systemUTC());

        assertThat(result.ok()).isFalse();
        assertThat(result.failures()).extracting(DrillCheck::name, DrillCheck::detail).containsExactly(
                org.assertj.core.groups.Tuple.tuple("schemas", "schema archive is missing after the restore; the backup recorded "
                        + "archive, public, sales"),
                org.assertj.core.groups.Tuple.tuple("sequences", "sequence count 2 after the restore, the backup recorded 3"));
        assertThat(detail(result, "large objects")).isEqualTo("2 large objects, as the backup recorded");
        assertThat(scratchDatabases()).isEmpty();
    }

    @Test
    void aBackupFromBeforeObjectsWereRecordedPassesItsDrillSayingTheyWereNotRecorded() throws Exception {
        Manifest manifest = DrillFixtures.backup(repository, PgTestServer.jdbcUrl(source));
        DrillFixtures.withProperties(repository, manifest, properties -> {
            properties.keySet().removeAll(List.of("schemas", "sequences", "largeObjects"));
            return properties;
        });

        DrillResult result = new DrillRunner(repository, DecryptionKeys.none()).drill(repository.get(manifest.id()), List.of(),
                new DrillFixtures.RememberingScratches(PgTestServer.jdbcUrl(scratchServer)), Clock.systemUTC());

        assertThat(result.ok()).isTrue();
        for (String name : List.of("schemas", "sequences", "large objects")) {
            assertThat(detail(result, name)).startsWith("not recorded in this backup");
        }
    }

    @Test
    void aDamagedArchiveFailsTheDrillAndTheScratchDatabaseIsDropped() throws Exception {
        Manifest manifest = DrillFixtures.backup(repository, PgTestServer.jdbcUrl(source));
        DrillFixtures.damageArchive(storageDir, manifest);

        DrillResult result = new DrillRunner(repository, DecryptionKeys.none()).drill(manifest, List.of(),
                new DrillFixtures.RememberingScratches(PgTestServer.jdbcUrl(scratchServer)), Clock.systemUTC());

        assertThat(result.ok()).isFalse();
        assertThat(result.failures()).first().satisfies(check -> assertThat(check.name()).isEqualTo("restore"));
        assertThat(scratchDatabases()).isEmpty();
    }

    @Test
    void aDrillDropsTheScratchDatabasesOfKilledDrillsOlderThanAnHourButNotNewerOnes() {
        Manifest manifest = DrillFixtures.backup(repository, PgTestServer.jdbcUrl(source));
        long now = java.time.Instant.now().getEpochSecond();
        String killed = scratchServer + "_drill_" + Long.toString(now - 7200, 36) + "_dead";
        String running = scratchServer + "_drill_" + Long.toString(now - 60, 36) + "_beef";
        String notOurs = scratchServer + "_drill_mine";
        for (String name : List.of(killed, running, notOurs)) {
            PgTestServer.execute("postgres", "create database " + name);
        }

        DrillResult result = new DrillRunner(repository, DecryptionKeys.none()).drill(manifest, List.of(),
                new DrillFixtures.RememberingScratches(PgTestServer.jdbcUrl(scratchServer)), Clock.systemUTC());

        assertThat(result.failures()).isEmpty();
        assertThat(scratchDatabases()).containsExactlyInAnyOrder(running, notOurs);
        PgTestServer.dropDatabase(running);
        PgTestServer.dropDatabase(notOurs);
    }

    private static String detail(DrillResult result, String check) {
        return result.checks().stream().filter(c -> c.name().equals(check)).reduce((a, b) -> {
            throw new AssertionError("two checks named " + check);
        }).orElseThrow(() -> new AssertionError("no check named " + check + " in " + result.checks())).detail();
    }

    private List<String> scratchDatabases() {
        return PgTestServer.query("postgres", "select datname from pg_database where datname like '" + scratchServer + "\\_drill\\_%'");
    }
}
