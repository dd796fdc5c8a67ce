package io.github.embeddedbackup.core.source.postgres;

import io.github.embeddedbackup.core.Remedy;
import io.github.embeddedbackup.core.BackupException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.BackupEngine;
import io.github.embeddedbackup.core.BackupOptions;
import io.github.embeddedbackup.core.BackupProgressListener;
import io.github.embeddedbackup.core.codec.Compressor;
import io.github.embeddedbackup.core.codec.GzipCompressor;
import io.github.embeddedbackup.core.codec.NoCompressor;
import io.github.embeddedbackup.core.codec.ZstdCompressor;
import io.github.embeddedbackup.core.crypto.DecryptionKeys;
import io.github.embeddedbackup.core.crypto.EncryptionSettings;
import io.github.embeddedbackup.core.crypto.IdentityKey;
import io.github.embeddedbackup.core.crypto.SymmetricKey;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.manifest.SourceRecord;
import io.github.embeddedbackup.core.manifest.TableRecord;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.restore.BackupRestorer;
import io.github.embeddedbackup.core.source.RestoreOptions;
import io.github.embeddedbackup.core.storage.FilesystemBackupStorage;
import io.github.embeddedbackup.core.testing.PgTestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Back up a database full of awkward content with the real pg_dump, restore it with the real
 * pg_restore, and compare schema and data with the original.
 */
class PgRoundTripIT {

    static String original;
    static String originalSchema;
    static Map<String, String> originalData;

    final List<String> created = new ArrayList<>();

    @TempDir
    Path storageDir;

    @BeforeAll
    static void seed() {
        PgTestServer.require();
        original = PgTestServer.createAwkwardDatabase("bt_roundtrip");
        originalSchema = PgTestServer.schemaDump(original);
        originalData = PgTestServer.dataFingerprint(original);
        assertThat(originalData).as("the fingerprint covers tables, sequences and the large object")
                .containsKeys("table \"Sales\".\"Order Line\"", "table public.big", "sequence public.ticket_seq")
                .hasSizeGreaterThan(9);
        assertThat(originalData.keySet()).anyMatch(key -> key.startsWith("large object"));
    }

    @AfterAll
    static void dropOriginal() {
        if (original != null) {
            PgTestServer.dropDatabase(original);
        }
    }

    @AfterEach
    void dropCreated() {
        created.forEach(PgTestServer::dropDatabase);
    }

    static Stream<Arguments> codecs() {
        return Stream.of(
                Arguments.of(new ZstdCompressor(), 8 * 1024 * 1024),
                Arguments.of(new ZstdCompressor(9, 0), 1024 * 1024),
                Arguments.of(new GzipCompressor(1), 1024 * 1024),
                Arguments.of(new GzipCompressor(9), 8 * 1024 * 1024),
                Arguments.of(new NoCompressor(), 3 * 1024 * 1024));
    }

    @ParameterizedTest(name = "{0}, parts of {1} bytes")
    @MethodSource("codecs")
    void restoredDatabaseEqualsTheOriginal(Compressor compressor, int partSize) {
        Manifest manifest = backup(BackupOptions.defaults().withCompressor(compressor).withPartSize(partSize));

        String copy = newName();
        restore(manifest.id(), copy, new RestoreOptions(true, false, 1, List.of(), false));

        assertThat(PgTestServer.schemaDump(copy)).isEqualTo(originalSchema);
        assertThat(PgTestServer.dataFingerprint(copy)).isEqualTo(originalData);
        assertThat(manifest.archive().compression()).isEqualTo(compressor.id());
        if (partSize < 7 * 1024 * 1024) {
            assertThat(manifest.entries().get(0).parts()).as("the 6.4 MB row forces several parts").isGreaterThan(1);
        }
    }

    static Stream<Arguments> keyKinds() {
        byte[] raw = new byte[32];
        new java.security.SecureRandom().nextBytes(raw);
        SymmetricKey key = new SymmetricKey(raw);
        IdentityKey identity = IdentityKey.generate();
        char[] passphrase = "a passphrase for the round trip".toCharArray();
        return Stream.of(
                Arguments.of("passphrase", EncryptionSettings.of(passphrase, List.of(), List.of()), DecryptionKeys.of(passphrase, List.of(), List.of())),
                Arguments.of("256-bit key", EncryptionSettings.of(null, List.of(key), List.of()), DecryptionKeys.of(null, List.of(key), List.of())),
                Arguments.of("X25519 recipient", EncryptionSettings.of(null, List.of(), List.of(identity.publicKey())),
                        DecryptionKeys.of(null, List.of(), List.of(identity))));
    }

    @ParameterizedTest(name = "encrypted with a {0}")
    @MethodSource("keyKinds")
    void encryptedBackupRestoresEqualToTheOriginal(String kind, EncryptionSettings settings, DecryptionKeys keys) {
        Manifest manifest = backup(BackupOptions.defaults().withEncryption(settings).withPartSize(2 * 1024 * 1024));
        String copy = newName();

        BackupRepository repository = new BackupRepository(new FilesystemBackupStorage(storageDir));
        new BackupRestorer(repository, keys).restore(manifest.id(), null, new PgRestoreTarget(PgTestServer.info(copy)),
                new RestoreOptions(true, false, 1, List.of(), false));

        assertThat(PgTestServer.schemaDump(copy)).isEqualTo(originalSchema);
        assertThat(PgTestServer.dataFingerprint(copy)).isEqualTo(originalData);
        assertThat(repository.get(manifest.id()).sources().get(0).tables()).as("table names stay sealed").isEmpty();
    }

    @Test
    void parallelRestoreWithJobsEqualsTheOriginal() {
        Manifest manifest = backup(BackupOptions.defaults());
        String copy = newName();

        restore(manifest.id(), copy, new RestoreOptions(true, false, 2, List.of(), false));

        assertThat(PgTestServer.schemaDump(copy)).isEqualTo(originalSchema);
        assertThat(PgTestServer.dataFingerprint(copy)).isEqualTo(originalData);
    }

    @Test
    void restoresIntoAnEmptyExistingDatabase() {
        Manifest manifest = backup(BackupOptions.defaults());
        String empty = PgTestServer.createDatabase("bt_empty");
        created.add(empty);

        restore("latest", empty, RestoreOptions.defaults());

        assertThat(PgTestServer.dataFingerprint(empty)).isEqualTo(originalData);
        assertThat(manifest.id()).isNotBlank();
    }

    @Test
    void refusesANonEmptyTargetWithoutCleanAndLeavesItAlone() {
        backup(BackupOptions.defaults());
        String busy = PgTestServer.createDatabase("bt_busy");
        created.add(busy);
        PgTestServer.execute(busy, "create table keep_me (id int); insert into keep_me values (42)");

        assertThatThrownBy(() -> restore("latest", busy, RestoreOptions.defaults()))
                .isInstanceOf(BackupConfigurationException.class)
                .hasMessageContaining("not empty")
                .hasMessageContaining("1 relation")
                .hasMessageNotContaining("--")
                .satisfies(e -> assertThat(((BackupException) e).remedies()).containsExactly(Remedy.CREATE_TARGET, Remedy.CLEAN_TARGET));
        assertThat(PgTestServer.query(busy, "select id from keep_me")).containsExactly("42");
    }

    @Test
    void cleanReplacesChangedObjectsWithTheBackedUpOnes() {
        backup(BackupOptions.defaults());
        String copy = newName();
        restore("latest", copy, new RestoreOptions(true, false, 1, List.of(), false));
        PgTestServer.execute(copy, "delete from \"Sales\".\"Order Line\" where qty > 3; update inventory.item set sku = 'changed'");
        assertThat(PgTestServer.dataFingerprint(copy)).isNotEqualTo(originalData);

        restore("latest", copy, new RestoreOptions(false, true, 1, List.of(), false));

        assertThat(PgTestServer.dataFingerprint(copy)).isEqualTo(originalData);
    }

    @Test
    void restoresOnlySelectedTables() {
        backup(BackupOptions.defaults());
        String copy = newName();

        restore("latest", copy, new RestoreOptions(true, false, 1, List.of("public.MixedCase", "public.empty_table"), false));

        assertThat(PgTestServer.query(copy, "select format('%I.%I', schemaname, tablename) from pg_tables "
                + "where schemaname not in ('pg_catalog','information_schema') order by 1"))
                .containsExactly("public.\"MixedCase\"", "public.empty_table");
        assertThat(PgTestServer.dataFingerprint(copy).get("table public.\"MixedCase\""))
                .isEqualTo(originalData.get("table public.\"MixedCase\""));
    }

    @Test
    void manifestRecordsVersionsAndExactRowCountsButNoPassword() {
        Manifest manifest = backup(BackupOptions.defaults());

        SourceRecord source = manifest.sources().get(0);
        assertThat(source.type()).isEqualTo("postgresql");
        assertThat(source.property("serverVersion")).startsWith(PgTestServer.query(original, "show server_version").get(0).split(" ")[0]);
        assertThat(source.property("pgDumpVersion")).contains("PostgreSQL");
        assertThat(source.property("encoding")).isEqualTo("UTF8");
        assertThat(source.tables()).contains(new TableRecord("\"Sales\".\"Order Line\"", 5000), new TableRecord("\"inventory\".\"item\"", 2000),
                new TableRecord("\"public\".\"empty_table\"", 0), new TableRecord("\"public\".\"big\"", 1));
        assertThat(manifest.entries()).singleElement().satisfies(entry -> assertThat(entry.path()).isEqualTo(source.name() + "/database.dump"));
    }

    private Manifest backup(BackupOptions options) {
        BackupRepository repository = new BackupRepository(new FilesystemBackupStorage(storageDir));
        PgDumpSource source = new PgDumpSource("shop", PgTestServer.info(original));
        return new BackupEngine(repository, options).backup(List.of(source), Map.of("trigger", "test"), BackupProgressListener.NONE);
    }

    private void restore(String id, String database, RestoreOptions options) {
        BackupRepository repository = new BackupRepository(new FilesystemBackupStorage(storageDir));
        new BackupRestorer(repository).restore(id, null, new PgRestoreTarget(PgTestServer.info(database)), options);
    }

    private String newName() {
        String name = "bt_copy_" + Long.toHexString(System.nanoTime());
        created.add(name);
        return name;
    }
}
