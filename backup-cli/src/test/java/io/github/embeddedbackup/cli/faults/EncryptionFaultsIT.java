package io.github.embeddedbackup.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.testing.PgTestServer;
import io.github.embeddedbackup.core.testing.faults.ChildJvm;
import io.github.embeddedbackup.core.testing.faults.Leftovers;
import io.github.embeddedbackup.core.testing.faults.SecretScan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault matrix: an encrypted backup (passphrase, 256-bit key file and a recipient's public key) opened with a
 * wrong passphrase, a wrong key, another recipient's private key, or no key at all. For each: a message that
 * names the backup and the keys it opens with (by fingerprint only) and how to give one, the exit code, no
 * restore target created (SQLite file, PostgreSQL database with {@code --create}), and none of the secrets in
 * any output ({@code --verbose}: logs and stack traces included), temp file or stored file.
 */
@Tag("fault-matrix")
class EncryptionFaultsIT {

    static final String PASSPHRASE = PgRoles.uniqueSecret("Right-Passphrase");
    static final String WRONG_PASSPHRASE = PgRoles.uniqueSecret("Wrong-Passphrase");

    @TempDir
    static Path dir;

    static Cli cli;
    static String id;
    static String database;
    static final List<String> secrets = new ArrayList<>();
    final List<String> created = new ArrayList<>();

    @BeforeAll
    static void encryptedBackup() throws IOException {
        PgTestServer.require();
        database = PgTestServer.createDatabase("bt_fm_enc");
        PgTestServer.execute(database, "create table secret_orders (id int, item text); insert into secret_orders values (1, 'widget')");
        cli = new Cli(dir).env(Map.of("BACKUP_PASSPHRASE", PASSPHRASE, "WRONG_PASSPHRASE", WRONG_PASSPHRASE));
        Path keys = dir.resolve("keys");
        assertThat(cli.run("keygen", "--public-key-file", "keys/ops.pub", "--private-key-file", "keys/ops.key").exit()).isZero();
        assertThat(cli.run("keygen", "--public-key-file", "keys/other.pub", "--private-key-file", "keys/other.key").exit()).isZero();
        String key = randomKey();
        String wrongKey = randomKey();
        Files.writeString(keys.resolve("backup.key"), key + "\n");
        Files.writeString(keys.resolve("wrong.key"), wrongKey + "\n");
        Path app = dir.resolve("app.db");
        Cli.createSqlite(app, 1000);

        id = cli.backup("--source", PgTestServer.jdbcUrl(database), "--source", "jdbc:sqlite:" + app,
                "--passphrase-env", "BACKUP_PASSPHRASE", "--key-file", "keys/backup.key", "--recipient-file", "keys/ops.pub");

        secrets.addAll(List.of(PASSPHRASE, WRONG_PASSPHRASE, key, wrongKey, privateKey(keys.resolve("ops.key")),
                privateKey(keys.resolve("other.key"))));
    }

    @AfterAll
    static void dropDatabase() {
        if (database != null) {
            PgTestServer.dropDatabase(database);
        }
    }

    @AfterEach
    void dropCreated() {
        cli.awaitStarted();
        created.forEach(PgTestServer::dropDatabase);
    }

    @Test
    void wrongPassphrase() {
        assertRefusedEverywhere(1, List.of("--passphrase-env", "WRONG_PASSPHRASE"), "None of the keys given opens backup " + id);
    }

    @Test
    void wrongKeyFile() {
        assertRefusedEverywhere(1, List.of("--key-file", "keys/wrong.key"), "None of the keys given opens backup " + id);
    }

    @Test
    void anotherRecipientsPrivateKey() {
        assertRefusedEverywhere(1, List.of("--identity-file", "keys/other.key"), "None of the keys given opens backup " + id);
    }

    @Test
    void noKeyGiven() {
        // Exit 1 today ("failed"); the message names every option that would open it.
        assertRefusedEverywhere(1, List.of(), "Backup " + id + " is encrypted and no key was given");
        assertRefused(cli.run("--verbose", "verify", "--storage", cli.storage, id, "--level", "content"), 1,
                "Backup " + id + " is encrypted and no key was given");
        cli.assertSound(id, "--passphrase-env", "BACKUP_PASSPHRASE"); // the right key still opens it
        assertNothingLeaked();
    }

    @Test
    void wrongPassphraseForVerify() {
        assertRefused(cli.run("--verbose", "verify", "--storage", cli.storage, id, "--level", "content", "--passphrase-env",
                "WRONG_PASSPHRASE"), 1, "None of the keys given opens backup " + id);
        assertNothingLeaked();
    }

    @Test
    void keyFileMissingOrPassphraseVariableUnset() {
        ChildJvm.Result missingFile = restoreSqlite(List.of("--key-file", "keys/absent.key"));
        assertThat(missingFile.exit()).as(missingFile.toString()).isEqualTo(2);
        assertThat(missingFile.stderr()).contains("The key file keys/absent.key does not exist");

        ChildJvm.Result unset = restoreSqlite(List.of("--passphrase-env", "NOT_SET_ANYWHERE"));
        assertThat(unset.exit()).as(unset.toString()).isEqualTo(2);
        assertThat(unset.stderr()).contains("--passphrase-env names NOT_SET_ANYWHERE").contains("not set");
        assertThat(dir.resolve("restored/app.db")).doesNotExist();
        assertNothingLeaked();
    }

    /** restore into SQLite and into PostgreSQL with --create: each refused the same way, nothing made. */
    private void assertRefusedEverywhere(int exit, List<String> keyOptions, String message) {
        String copy = "bt_fm_enc_copy_" + Long.toHexString(System.nanoTime());
        created.add(copy);
        List<String> args = new ArrayList<>(List.of("--verbose", "restore", "--storage", cli.storage, id, "--target",
                PgTestServer.jdbcUrl(copy), "--create"));
        args.addAll(keyOptions);
        cli.startAll(List.of(restoreSqliteArgs(keyOptions), args)); // both at once

        ChildJvm.Result sqlite = restoreSqlite(keyOptions);
        assertRefused(sqlite, exit, message);
        assertThat(dir.resolve("restored/app.db")).as("the SQLite target is not created").doesNotExist();
        assertThat(Leftovers.files(dir.resolve("restored"))).as("no temporary restore file").isEmpty();

        assertRefused(cli.run(args.toArray(String[]::new)), exit, message);
        assertThat(PgTestServer.databaseExists(copy)).as("the PostgreSQL database is not created").isFalse();

        assertNothingLeaked();
    }

    private static void assertRefused(ChildJvm.Result result, int exit, String message) {
        assertThat(result.exit()).as(result.toString()).isEqualTo(exit);
        assertThat(result.stderr()).contains(message).contains("It opens with").contains("--passphrase-env").contains("--key-file")
                .contains("--identity-file");
    }

    private ChildJvm.Result restoreSqlite(List<String> keyOptions) {
        return cli.run(restoreSqliteArgs(keyOptions).toArray(String[]::new));
    }

    private List<String> restoreSqliteArgs(List<String> keyOptions) {
        List<String> args = new ArrayList<>(List.of("--verbose", "restore", "--storage", cli.storage, id, "--target",
                "jdbc:sqlite:" + dir.resolve("restored/app.db")));
        args.addAll(keyOptions);
        return args;
    }

    private void assertNothingLeaked() {
        for (String secret : secrets) {
            cli.assertNoSecretAnywhere(SecretScan.of(secret));
        }
        cli.assertTempFolderClean();
    }

    private static String randomKey() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return Base64.getEncoder().encodeToString(raw);
    }

    /** The secret part of a keygen private key file ({@code prefix:base64}). */
    private static String privateKey(Path file) throws IOException {
        String content = Files.readString(file).strip();
        return content.substring(content.lastIndexOf(':') + 1);
    }
}
