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

    private List<String> scratchDatabases() {
        return PgTestServer.query("postgres", "select datname from pg_database where datname like '" + scratchServer + "\\_drill\\_%'");
    }
}
