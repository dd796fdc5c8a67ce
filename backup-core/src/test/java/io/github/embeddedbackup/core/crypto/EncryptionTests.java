package io.github.embeddedbackup.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.embeddedbackup.core.BackupEngine;
import io.github.embeddedbackup.core.BackupException;
import io.github.embeddedbackup.core.BackupOptions;
import io.github.embeddedbackup.core.BackupProgressListener;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.restore.BackupDecryptor;
import io.github.embeddedbackup.core.restore.BackupRestorer;
import io.github.embeddedbackup.core.source.RestoreOptions;
import io.github.embeddedbackup.core.source.files.FileTreeRestoreTarget;
import io.github.embeddedbackup.core.source.files.FileTreeSource;
import io.github.embeddedbackup.core.source.sqlite.SqliteRestoreTarget;
import io.github.embeddedbackup.core.source.sqlite.SqliteSource;
import io.github.embeddedbackup.core.storage.FilesystemBackupStorage;
import io.github.embeddedbackup.core.testing.Bytes;
import io.github.embeddedbackup.core.verify.BackupVerifier;
import io.github.embeddedbackup.core.verify.VerificationReport;
import io.github.embeddedbackup.core.verify.VerifyLevel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Encrypted backups of a real SQLite file with each kind of key, and everything that must be refused. */
class EncryptionTests {

    static final String PASSPHRASE = "correct horse battery staple 4711";
    static final String TABLE = "payroll_secret_table";
    static final String MARKER = "MARKER-PLAINTEXT-SALARY";

    @TempDir
    Path dir;

    Path live;
    BackupRepository repository;
    SymmetricKey key;
    IdentityKey identity;

    @BeforeEach
    void setUp() throws Exception {
        live = dir.resolve("app.db");
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + live); Statement statement = conn.createStatement()) {
            statement.execute("create table " + TABLE + " (id integer primary key, note text)");
            statement.execute("with recursive n(i) as (select 1 union all select i + 1 from n where i < 5000) "
                    + "insert into " + TABLE + " (note) select '" + MARKER + " ' || i from n");
        }
        repository = new BackupRepository(new FilesystemBackupStorage(dir.resolve("backups")));
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        key = new SymmetricKey(raw);
        identity = IdentityKey.generate();
    }

    @Test
    void eachKindOfKeyRestoresItsBackup() throws Exception {
        Manifest byPassphrase = backup(EncryptionSettings.of(PASSPHRASE.toCharArray(), List.of(), List.of()));
        Manifest byKey = backup(EncryptionSettings.of(null, List.of(key), List.of()));
        Manifest byRecipient = backup(EncryptionSettings.of(null, List.of(), List.of(identity.publicKey())));

        assertThat(restoreRows(byPassphrase, DecryptionKeys.of(PASSPHRASE.toCharArray(), List.of(), List.of()))).isEqualTo(rows(live));
        assertThat(restoreRows(byKey, DecryptionKeys.of(null, List.of(key), List.of()))).isEqualTo(rows(live));
        assertThat(restoreRows(byRecipient, DecryptionKeys.of(null, List.of(), List.of(identity)))).isEqualTo(rows(live));
        assertThat(repository.get(byKey.id()).archive().keys()).singleElement()
                .satisfies(wrapped -> assertThat(wrapped.keyId()).isEqualTo(key.keyId()));
    }

    @Test
    void aFolderRestoresWithEachKindOfKey() throws Exception {
        Path tree = dir.resolve("tree");
        Files.createDirectories(tree.resolve("sub"));
        Files.writeString(tree.resolve("sub/" + MARKER + ".txt"), MARKER);
        Files.createSymbolicLink(tree.resolve("link"), Path.of("sub"));
        List<EncryptionSettings> settings = List.of(EncryptionSettings.of(PASSPHRASE.toCharArray(), List.of(), List.of()),
                EncryptionSettings.of(null, List.of(key), List.of()), EncryptionSettings.of(null, List.of(), List.of(identity.publicKey())));
        List<DecryptionKeys> keys = List.of(DecryptionKeys.of(PASSPHRASE.toCharArray(), List.of(), List.of()),
                DecryptionKeys.of(null, List.of(key), List.of()), DecryptionKeys.of(null, List.of(), List.of(identity)));
        for (int i = 0; i < settings.size(); i++) {
            Manifest manifest = new BackupEngine(repository, BackupOptions.defaults().withEncryption(settings.get(i)))
                    .backup(List.of(new FileTreeSource("tree", tree)), Map.of(), BackupProgressListener.NONE);
            Path target = dir.resolve("restored-tree-" + i);

            new BackupRestorer(repository, keys.get(i)).restore(manifest.id(), null, new FileTreeRestoreTarget(target), RestoreOptions.defaults());

            assertThat(target.resolve("sub/" + MARKER + ".txt")).hasContent(MARKER);
            assertThat(Files.readSymbolicLink(target.resolve("link"))).isEqualTo(Path.of("sub"));
        }
        try (Stream<Path> files = Files.walk(dir.resolve("backups"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.UTF_8)).as("file names are encrypted too").doesNotContain(MARKER);
            }
        }
    }

    @Test
    void oneBackupOpensWithAnyOfItsKeys() throws Exception {
        IdentityKey second = IdentityKey.generate();
        Manifest manifest = backup(EncryptionSettings.of(PASSPHRASE.toCharArray(), List.of(key), List.of(identity.publicKey(), second.publicKey())));

        assertThat(repository.get(manifest.id()).archive().keys()).extracting(WrappedKey::type)
                .containsExactly("passphrase", "key", "x25519", "x25519");
        assertThat(restoreRows(manifest, DecryptionKeys.of(null, List.of(), List.of(second)))).isEqualTo(rows(live));
        assertThat(restoreRows(manifest, DecryptionKeys.of(PASSPHRASE.toCharArray(), List.of(), List.of()))).isEqualTo(rows(live));
    }

    @Test
    void wrongOrMissingKeysAreRefusedBeforeTheTargetIsTouched() {
        Manifest byPassphrase = backup(EncryptionSettings.of(PASSPHRASE.toCharArray(), List.of(), List.of()));
        Manifest byKey = backup(EncryptionSettings.of(null, List.of(key), List.of()));
        Manifest byRecipient = backup(EncryptionSettings.of(null, List.of(), List.of(identity.publicKey())));
        Path target = dir.resolve("restored.db");
        byte[] otherRaw = new byte[32];
        SymmetricKey otherKey = new SymmetricKey(otherRaw);

        assertThatThrownBy(() -> restore(byPassphrase, DecryptionKeys.of("wrong passphrase!".toCharArray(), List.of(), List.of()), target))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining("The passphrase is wrong")
                .hasMessageNotContaining("wrong passphrase!");
        assertThatThrownBy(() -> restore(byPassphrase, DecryptionKeys.none(), target))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining("is encrypted and no key was given")
                .hasMessageContaining("Give the passphrase").hasMessageNotContaining("--");
        assertThatThrownBy(() -> restore(byKey, DecryptionKeys.of(null, List.of(otherKey), List.of()), target))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining("None of the keys given opens backup " + byKey.id())
                .hasMessageContaining("the 256-bit key " + key.keyId())
                .hasMessageContaining("Give the key file").hasMessageNotContaining("--");
        assertThatThrownBy(() -> restore(byRecipient, DecryptionKeys.of(null, List.of(), List.of(IdentityKey.generate())), target))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining("the private key of recipient " + identity.publicKey().keyId())
                .hasMessageContaining("Give the private key (identity) file").hasMessageNotContaining("--");
        assertThat(target).doesNotExist();
    }

    @Test
    void aPublicKeyOnlySetupBacksUpButCannotRestore() throws Exception {
        EncryptionSettings writeOnly = EncryptionSettings.of(null, List.of(), List.of(identity.publicKey()));
        assertThat(writeOnly.canDecrypt()).isFalse();
        Manifest manifest = backup(writeOnly);

        // Everything the writing service has: its own settings give no key that opens the backup.
        assertThatThrownBy(() -> restore(manifest, DecryptionKeys.from(writeOnly), dir.resolve("restored.db")))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining("no key was given");
        assertThat(new BackupVerifier(repository).verify(manifest.id(), VerifyLevel.CHECKSUM).ok())
                .as("checksum verification needs no key").isTrue();
        assertThat(restoreRows(manifest, DecryptionKeys.of(null, List.of(), List.of(identity)))).isEqualTo(rows(live));
    }

    @Test
    void tamperedCiphertextIsRefusedAndVerifyNamesIt() throws IOException {
        Manifest manifest = backup(EncryptionSettings.of(null, List.of(key), List.of()));
        Path archive = dir.resolve("backups").resolve(manifest.archive().key());
        Bytes.flipByte(archive, Files.size(archive) / 2);
        DecryptionKeys keys = DecryptionKeys.of(null, List.of(key), List.of());

        VerificationReport report = new BackupVerifier(repository, keys).verify(manifest.id(), VerifyLevel.CONTENT);
        assertThat(report.problems()).anySatisfy(problem -> assertThat(problem).contains("failed authentication"));
        assertThat(report.problems()).anySatisfy(problem -> assertThat(problem).contains("SHA-256"));
        Path target = dir.resolve("restored.db");
        assertThatThrownBy(() -> restore(manifest, keys, target)).isInstanceOf(BackupException.class);
        assertThat(target).doesNotExist();
        assertThatThrownBy(() -> new BackupDecryptor(repository, keys).decrypt(manifest.id(), dir.resolve("out.tar.zst")))
                .isInstanceOf(BackupException.class).hasMessageContaining("no output was written");
        assertThat(dir.resolve("out.tar.zst")).doesNotExist();
    }

    @Test
    void truncatedCiphertextIsRefused() throws IOException {
        Manifest manifest = backup(EncryptionSettings.of(null, List.of(key), List.of()));
        Path archive = dir.resolve("backups").resolve(manifest.archive().key());
        byte[] bytes = Files.readAllBytes(archive);
        // Cut at a segment boundary's worth: the data before it still authenticates, only the missing end can tell.
        Files.write(archive, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        DecryptionKeys keys = DecryptionKeys.of(null, List.of(key), List.of());

        assertThatThrownBy(() -> new BackupDecryptor(repository, keys).decrypt(manifest.id(), dir.resolve("out.tar.zst")))
                .isInstanceOf(BackupException.class);
        assertThat(dir.resolve("out.tar.zst")).doesNotExist();
        Path target = dir.resolve("restored.db");
        assertThatThrownBy(() -> restore(manifest, keys, target)).isInstanceOf(BackupException.class);
        assertThat(target).doesNotExist();
    }

    @Test
    void changedSealedDetailsAreRefused() throws IOException {
        Manifest manifest = backup(EncryptionSettings.of(null, List.of(key), List.of()));
        Path file = dir.resolve("backups").resolve(BackupRepository.manifestKey(manifest.backupId()));
        String json = Files.readString(file);
        String sealed = repository.get(manifest.id()).sealed();
        byte[] raw = Base64.getDecoder().decode(sealed);
        raw[raw.length / 2] ^= 1;
        Files.writeString(file, json.replace(sealed, Base64.getEncoder().encodeToString(raw)));

        assertThatThrownBy(() -> restore(manifest, DecryptionKeys.of(null, List.of(key), List.of()), dir.resolve("r.db")))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining("do not authenticate");
    }

    @Test
    void nothingSecretOrSchemaRevealingIsReadableInTheStorage() throws IOException {
        byte[] rawKey = new byte[32];
        new SecureRandom().nextBytes(rawKey);
        Path keyFile = dir.resolve("keys/backup.key");
        Files.createDirectories(keyFile.getParent());
        Files.writeString(keyFile, Base64.getEncoder().encodeToString(rawKey));
        KeyFiles.writeKeyPair(identity, dir.resolve("keys/id.pub"), dir.resolve("keys/id.key"));
        Manifest manifest = backup(EncryptionSettings.of(PASSPHRASE.toCharArray(), List.of(KeyFiles.readSymmetricKey(keyFile)),
                List.of(KeyFiles.readPublicKey(dir.resolve("keys/id.pub")))));

        List<String> forbidden = new ArrayList<>(List.of(PASSPHRASE, Base64.getEncoder().encodeToString(rawKey),
                Files.readString(dir.resolve("keys/id.key")).strip().split(":")[1], TABLE, MARKER, "5000", "sqliteVersion", "rows"));
        try (Stream<Path> files = Files.walk(dir.resolve("backups"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                for (String secret : forbidden) {
                    assertThat(content).as("%s must not appear in %s", secret, file.getFileName()).doesNotContain(secret);
                }
            }
        }
        Manifest stored = repository.get(manifest.id());
        assertThat(stored.entries()).isEmpty();
        assertThat(stored.sources()).singleElement().satisfies(source -> {
            assertThat(source.tables()).isEmpty();
            assertThat(source.properties()).isEmpty();
        });
        assertThat(Files.getPosixFilePermissions(dir.resolve("keys/id.key"))).isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void decryptWritesACompressedTarThatStockToolsRead() throws IOException {
        Manifest manifest = backup(EncryptionSettings.of(null, List.of(key), List.of()));
        Path out = dir.resolve("plain.tar.zst");

        new BackupDecryptor(repository, DecryptionKeys.of(null, List.of(key), List.of())).decrypt(manifest.id(), out);

        try (InputStream in = io.github.embeddedbackup.core.codec.Compressors.forId("zstd").decompress(Files.newInputStream(out));
                TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            assertThat(tar.getNextEntry().getName()).isEqualTo("app/database.sqlite");
        }
        assertThatThrownBy(() -> new BackupDecryptor(repository, DecryptionKeys.of(null, List.of(key), List.of())).decrypt(manifest.id(), out))
                .hasMessageContaining("Refusing to overwrite");
    }

    private Manifest backup(EncryptionSettings settings) {
        return new BackupEngine(repository, BackupOptions.defaults().withEncryption(settings))
                .backup(List.of(new SqliteSource("app", live)), Map.of(), BackupProgressListener.NONE);
    }

    private void restore(Manifest manifest, DecryptionKeys keys, Path target) {
        new BackupRestorer(repository, keys).restore(manifest.id(), null, new SqliteRestoreTarget(target), RestoreOptions.defaults());
    }

    private List<String> restoreRows(Manifest manifest, DecryptionKeys keys) throws Exception {
        Path target = dir.resolve("restored-" + System.nanoTime() + ".db");
        restore(manifest, keys, target);
        return rows(target);
    }

    private static List<String> rows(Path file) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + file); Statement statement = conn.createStatement();
                ResultSet rs = statement.executeQuery("select id, note from " + TABLE + " order by id")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + "|" + rs.getString(2));
            }
        }
        return rows;
    }
}
