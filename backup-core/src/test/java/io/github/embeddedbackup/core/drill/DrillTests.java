package io.github.embeddedbackup.core.drill;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.source.SourceProviders;
import io.github.embeddedbackup.core.BackupEngine;
import io.github.embeddedbackup.core.BackupOptions;
import io.github.embeddedbackup.core.crypto.EncryptionSettings;
import io.github.embeddedbackup.core.source.SourceSettings;
import io.github.embeddedbackup.core.BackupProgressListener;
import java.util.Map;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.storage.FilesystemBackupStorage;
import io.github.embeddedbackup.core.crypto.DecryptionKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drills of SQLite and folder backups in a filesystem storage: what passes, what fails, and that nothing is left behind. */
class DrillTests {

    @TempDir
    Path dir;

    private Path storageDir;
    private BackupRepository repository;
    private DrillRecords records;

    @BeforeEach
    void setUp() throws IOException {
        storageDir = Files.createDirectories(dir.resolve("storage"));
        repository = new BackupRepository(new FilesystemBackupStorage(storageDir));
        records = new DrillRecords(repository.storage());
    }

    @Test
    void aSqliteBackupPassesItsDrillWhichIsRecordedAndLeavesNoFileBehind() throws Exception {
        Manifest manifest = DrillFixtures.backup(repository, sqlite());
        Set<Path> before = drillFolders();
        Clock clock = Clock.fixed(manifest.finishedAt().plusSeconds(3600), ZoneOffset.UTC);
        DrillFixtures.RememberingScratches scratches = new DrillFixtures.RememberingScratches(null);

        DrillResult result = new DrillRunner(repository, DecryptionKeys.none()).drill(manifest, List.of(), scratches, clock);

        assertThat(result.failures()).isEmpty();
        assertThat(result.ok()).isTrue();
        assertThat(result.checks()).extracting(DrillCheck::name).contains("restore", "rows", "integrity_check");
        assertThat(result.checks()).filteredOn(c -> c.name().equals("rows")).singleElement()
                .satisfies(c -> assertThat(c.detail()).contains("2 tables, 5 rows"));
        assertThat(result.backupAge()).isEqualTo(Duration.ofHours(1));
        assertThat(result.rto()).isPositive();
        assertThat(scratches.opened).singleElement().satisfies(s -> assertThat(s.exists()).isFalse());
        assertThat(drillFolders()).isSubsetOf(before);

        String key = records.save(result.toRecord());
        assertThat(key).isEqualTo("drills/" + manifest.id() + "/" + timeKey(clock.instant()) + ".json");
        DrillRecord last = records.lastDrill(manifest.id()).orElseThrow();
        assertThat(last).isEqualTo(result.toRecord());
        assertThat(last.ok()).isTrue();
        assertThat(last.backupAgeSeconds()).isEqualTo(3600);
        String json = Files.readString(storageDir.resolve(key));
        assertThat(json).contains("\"backupId\" : \"" + manifest.id() + "\"", "\"drilledAt\" : \"" + clock.instant() + "\"",
                "\"rtoSeconds\"", "\"toolVersion\"", "\"name\" : \"integrity_check\"");

        repository.delete(manifest);
        assertThat(records.lastDrill(manifest.id())).as("a deleted backup's drill records go with it").isEmpty();
        assertThat(storageDir.resolve("drills/" + manifest.id())).satisfiesAnyOf(dir -> assertThat(dir).doesNotExist(),
                dir -> assertThat(dir).isEmptyDirectory());
    }

    @Test
    void aRowCountThatDiffersFromTheManifestFailsTheDrillNamingTheTableAndBothCounts() throws Exception {
        Manifest manifest = DrillFixtures.withRowCount(repository, DrillFixtures.backup(repository, sqlite()), "account", 7);

        DrillResult result = new DrillRunner(repository, DecryptionKeys.none()).drill(repository.get(manifest.id()), List.of(),
                new DrillFixtures.RememberingScratches(null), Clock.systemUTC());

        assertThat(result.ok()).isFalse();
        assertThat(result.failures()).singleElement().satisfies(check -> {
            assertThat(check.name()).isEqualTo("rows account");
            assertThat(check.detail()).contains("account", "3 rows", "records 7");
        });
    }

    @Test
    void aDamagedArchiveFailsTheDrillAtTheRestoreAndTheScratchFileIsRemoved() throws Exception {
        Manifest manifest = DrillFixtures.backup(repository, sqlite());
        DrillFixtures.damageArchive(storageDir, manifest);
        Set<Path> before = drillFolders();
        DrillFixtures.RememberingScratches scratches = new DrillFixtures.RememberingScratches(null);

        DrillResult result = new DrillRunner(repository, DecryptionKeys.none()).drill(manifest, List.of(), scratches, Clock.systemUTC());

        assertThat(result.ok()).isFalse();
        assertThat(result.failures()).first().satisfies(check -> {
            assertThat(check.name()).isEqualTo("restore");
            assertThat(check.detail()).contains("failed");
        });
        assertThat(scratches.opened).singleElement().satisfies(s -> assertThat(s.exists()).isFalse());
        assertThat(drillFolders()).isSubsetOf(before);
        records.save(result.toRecord());
        assertThat(records.lastDrill(manifest.id())).hasValueSatisfying(r -> assertThat(r.ok()).isFalse());
    }

    @Test
    void aFolderBackupPassesItsDrillComparingEveryFile() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("docs/sub"));
        Files.writeString(folder.resolve("a.txt"), "alpha");
        Files.write(folder.getParent().resolve("b.bin"), new byte[100_000]);
        Manifest manifest = DrillFixtures.backup(repository, "file:" + dir.resolve("docs"));
        Set<Path> before = drillFolders();

        DrillResult result = new DrillRunner(repository, DecryptionKeys.none()).drill(manifest, List.of(),
                new DrillFixtures.RememberingScratches(null), Clock.systemUTC());

        assertThat(result.failures()).isEmpty();
        assertThat(result.checks()).filteredOn(c -> c.name().equals("files")).singleElement()
                .satisfies(c -> assertThat(c.detail()).contains("2 files, 100005 bytes"));
        assertThat(drillFolders()).isSubsetOf(before);
    }

    @Test
    void anEncryptedBackupIsDrilledWithItsKeyCountingTheSealedTables() throws Exception {
        String uri = sqlite();
        var provider = SourceProviders.installed().forUri(uri);
        char[] passphrase = "a long test passphrase".toCharArray();
        Manifest made = new BackupEngine(repository, BackupOptions.defaults()
                .withEncryption(EncryptionSettings.of(passphrase, List.of(), List.of())))
                .backup(List.of(provider.source("app", uri, SourceSettings.none())), Map.of(),
                        BackupProgressListener.NONE);
        Manifest manifest = repository.get(made.id());
        assertThat(manifest.sources().get(0).tables()).as("sealed in the stored manifest").isEmpty();

        DrillResult result = new DrillRunner(repository, DecryptionKeys.of(passphrase, List.of(), List.of())).drill(manifest, List.of(),
                new DrillFixtures.RememberingScratches(null), Clock.systemUTC());

        assertThat(result.failures()).isEmpty();
        assertThat(result.checks()).filteredOn(c -> c.name().equals("rows")).singleElement()
                .satisfies(c -> assertThat(c.detail()).contains("2 tables, 5 rows"));
    }

    @Test
    void theNewestReadableRecordIsTheLastDrillAndADamagedOneIsSkipped() throws Exception {
        Manifest manifest = DrillFixtures.backup(repository, sqlite());
        Instant first = Instant.parse("2026-01-01T10:00:00Z");
        records.save(new DrillRecord(manifest.id(), first, 60, 1.5, true, List.of(), "test"));
        Path newer = storageDir.resolve("drills/" + manifest.id() + "/20260102T100000Z.json");
        Files.writeString(newer, "{ not json", StandardCharsets.UTF_8);

        assertThat(records.lastDrill(manifest.id())).hasValueSatisfying(r -> assertThat(r.drilledAt()).isEqualTo(first));
        assertThat(records.lastDrill(DrillFixtures.backup(repository, sqlite()).id())).isEmpty();
    }

    @Test
    void oneListingGivesEachBackupsLastDrillAndTheNewestDrillOfAllSkippingDamagedRecords() throws Exception {
        Manifest older = DrillFixtures.backup(repository, sqlite());
        Manifest newer = DrillFixtures.backup(repository, sqlite());
        Manifest never = DrillFixtures.backup(repository, sqlite());
        records.save(new DrillRecord(older.id(), Instant.parse("2026-03-01T10:00:00Z"), 60, 1.5, true, List.of(), "test"));
        records.save(new DrillRecord(older.id(), Instant.parse("2026-03-05T10:00:00Z"), 60, 2.5, false, List.of(), "test"));
        records.save(new DrillRecord(newer.id(), Instant.parse("2026-03-03T10:00:00Z"), 60, 0.5, true, List.of(), "test"));
        // The newest file of all is damaged: skipped, the next newest is the answer.
        Files.writeString(storageDir.resolve("drills/" + newer.id() + "/20260309T100000Z.json"), "{ not json", StandardCharsets.UTF_8);

        Map<String, DrillRecord> last = records.lastDrills(List.of(older.id(), newer.id(), never.id()));
        assertThat(last).containsOnlyKeys(older.id(), newer.id());
        assertThat(last.get(older.id()).rtoSeconds()).isEqualTo(2.5);
        assertThat(last.get(newer.id()).rtoSeconds()).isEqualTo(0.5);
        assertThat(records.lastDrills(List.of(never.id()))).isEmpty();
        assertThat(records.newest()).hasValueSatisfying(record -> {
            assertThat(record.backupId()).isEqualTo(older.id());
            assertThat(record.drilledAt()).isEqualTo(Instant.parse("2026-03-05T10:00:00Z"));
        });
        assertThat(new DrillRecords(new FilesystemBackupStorage(Files.createDirectories(dir.resolve("empty")))).newest()).isEmpty();
    }

    private String sqlite() throws SQLException {
        Path file = dir.resolve("app.db");
        if (!Files.exists(file)) {
            try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + file); Statement statement = conn.createStatement()) {
                statement.executeUpdate("create table account(id integer primary key, owner text)");
                statement.executeUpdate("insert into account values (1, 'a'), (2, 'b'), (3, 'c')");
                statement.executeUpdate("create table note(text text)");
                statement.executeUpdate("insert into note values ('x'), ('y')");
            }
        }
        return "jdbc:sqlite:" + file;
    }

    private static String timeKey(Instant instant) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(instant);
    }

    /** This JVM's drill folders in the temporary directory. */
    private static Set<Path> drillFolders() throws IOException {
        String prefix = "embeddedbackup-drill-" + ProcessHandle.current().pid() + "-";
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)).collect(Collectors.toSet());
        }
    }
}
