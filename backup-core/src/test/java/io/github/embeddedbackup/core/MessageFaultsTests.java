package io.github.embeddedbackup.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.embeddedbackup.core.crypto.DecryptionKeys;
import io.github.embeddedbackup.core.crypto.EncryptionSettings;
import io.github.embeddedbackup.core.crypto.IdentityKey;
import io.github.embeddedbackup.core.crypto.KeyFiles;
import io.github.embeddedbackup.core.crypto.SymmetricKey;
import io.github.embeddedbackup.core.manifest.CorruptManifestException;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.manifest.ManifestCodec;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.restore.BackupRestorer;
import io.github.embeddedbackup.core.source.RestoreOptions;
import io.github.embeddedbackup.core.source.TableName;
import io.github.embeddedbackup.core.retention.HumanDurations;
import io.github.embeddedbackup.core.manifest.SourceRecord;
import io.github.embeddedbackup.core.source.files.FileTreeRestoreTarget;
import io.github.embeddedbackup.core.source.files.FileTreeSource;
import io.github.embeddedbackup.core.source.sqlite.SqliteRestoreTarget;
import io.github.embeddedbackup.core.storage.FilesystemBackupStorage;
import io.github.embeddedbackup.core.testing.GeneratedSource;
import io.github.embeddedbackup.core.verify.BackupVerifier;
import io.github.embeddedbackup.core.verify.VerificationReport;
import io.github.embeddedbackup.core.verify.VerifyLevel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Messages that used to leak internals (issue 12, items 12 and 17): each says what happened in the user's words. */
@Tag("fault-matrix")
class MessageFaultsTests {

    @TempDir
    Path dir;

    @Test
    void aStringFormatVersionIsNamedAsSuchNotAsMissing() {
        assertThatThrownBy(() -> ManifestCodec.read("{\"formatVersion\": \"1\", \"id\": \"x\"}".getBytes(StandardCharsets.UTF_8), "m"))
                .isInstanceOf(CorruptManifestException.class)
                .hasMessageContaining("formatVersion is not a whole number: \"1\"").hasMessageNotContaining("no formatVersion");
    }

    @Test
    void durationsReadAsPeopleWriteThem() {
        assertThat(HumanDurations.format(Duration.ofHours(-120))).isEqualTo("-5 days");
        assertThat(HumanDurations.format(Duration.ofMinutes(36 * 60 + 30))).isEqualTo("1 day 12 hours 30 minutes");
    }

    @Test
    void wrongKeysAreDescribedWithoutTheInternalsOfTheKeyHolder() {
        BackupRepository repository = new BackupRepository(new FilesystemBackupStorage(dir.resolve("backups")));
        Manifest manifest = new BackupEngine(repository, BackupOptions.defaults().withEncryption(
                EncryptionSettings.of("the right passphrase".toCharArray(), List.of(), List.of())))
                .backup(List.of(new GeneratedSource("gen", 10_000)), Map.of(), BackupProgressListener.NONE);
        DecryptionKeys wrong = DecryptionKeys.of("a wrong passphrase".toCharArray(), List.of(new SymmetricKey(new byte[32])), List.of());

        assertThatThrownBy(() -> new BackupRestorer(repository, wrong).restore(manifest.id(), null,
                new FileTreeRestoreTarget(dir.resolve("out")), RestoreOptions.defaults()))
                .hasMessageContaining("you gave a passphrase and the 256-bit key ")
                .hasMessageNotContaining("DecryptionKeys[").hasMessageNotContaining("****").hasMessageNotContaining("--");
    }

    @Test
    void aChangedEncryptedSegmentIsOneSentenceNamingTheSegment() throws Exception {
        BackupRepository repository = new BackupRepository(new FilesystemBackupStorage(dir.resolve("backups")));
        char[] passphrase = "the right passphrase".toCharArray();
        Manifest manifest = new BackupEngine(repository, BackupOptions.defaults().withEncryption(
                EncryptionSettings.of(passphrase, List.of(), List.of())))
                .backup(List.of(new GeneratedSource("gen", 100_000)), Map.of(), BackupProgressListener.NONE);
        Path archive = dir.resolve("backups").resolve(manifest.archive().key());
        byte[] bytes = Files.readAllBytes(archive);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(archive, bytes);

        VerificationReport report = new BackupVerifier(repository, DecryptionKeys.of(passphrase, List.of(), List.of()))
                .verify(manifest.id(), VerifyLevel.CONTENT);
        assertThat(report.ok()).isFalse();
        assertThat(String.join(" ", report.problems())).contains("does not authenticate at segment 0")
                .doesNotContain("Tag mismatch").doesNotContain("StreamingAead").doesNotContain("\n");
    }

    @Test
    void privateKeyFilesOthersCanReadAreRefusedWithTheFix() throws Exception {
        Path keys = dir.resolve("keys");
        KeyFiles.writeKeyPair(IdentityKey.generate(), keys.resolve("ops.pub"), keys.resolve("ops.key"));
        assertThat(KeyFiles.readPrivateKey(keys.resolve("ops.key"))).isNotNull();

        Files.setPosixFilePermissions(keys.resolve("ops.key"), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> KeyFiles.readPrivateKey(keys.resolve("ops.key")))
                .isInstanceOf(BackupConfigurationException.class)
                .hasMessageContaining("can be accessed by other users (mode 644)").hasMessageContaining("chmod 600 " + keys.resolve("ops.key"));

        // A 256-bit key file that others can read still works (with a warning in the log).
        Path keyFile = keys.resolve("backup.key");
        Files.writeString(keyFile, java.util.Base64.getEncoder().encodeToString(new byte[32]));
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(KeyFiles.readSymmetricKey(keyFile)).isNotNull();
    }

    @Test
    void coreMessagesNameNoCliOption() {
        BackupRepository repository = new BackupRepository(new FilesystemBackupStorage(dir.resolve("backups")));
        assertThatThrownBy(() -> repository.get("nonsense")).hasMessageNotContaining("'list'").hasMessageNotContaining("--");
        assertThatThrownBy(() -> repository.get("20260101T000000Z-abcdef")).hasMessageNotContaining("'list'");
        assertThatThrownBy(() -> new BackupEngine(repository, BackupOptions.defaults()).backup(List.of(), Map.of(), BackupProgressListener.NONE))
                .hasMessageNotContaining("--source");
        assertThatThrownBy(() -> new RestoreOptions(true, true, 1, List.of(), false)).hasMessageNotContaining("--");
        assertThatThrownBy(() -> TableName.parse("a.b.c")).hasMessageContaining("\"schema\".\"table\"");
    }

    /** Refusals of the restore targets and sources say what to do in neutral words and carry it as remedies. */
    @Test
    void refusalsCarryRemediesForTheCallerToName() throws Exception {
        Path file = Files.writeString(dir.resolve("existing.db"), "x");
        Path folder = Files.createDirectories(dir.resolve("full"));
        Files.writeString(folder.resolve("a.txt"), "a");
        SourceRecord sqlite = new SourceRecord("db", "sqlite", List.of(), Map.of(), List.of());
        SourceRecord files = new SourceRecord("up", "files", List.of(), Map.of(), List.of());

        assertRefusal(() -> new SqliteRestoreTarget(file).check(sqlite, RestoreOptions.defaults()), Remedy.CLEAN_TARGET);
        assertRefusal(() -> new SqliteRestoreTarget(dir.resolve("new.db")).check(sqlite, new RestoreOptions(false, false, 2, List.of(), false)),
                Remedy.SELECT_TABLES, Remedy.PARALLEL_JOBS);
        assertRefusal(() -> new FileTreeRestoreTarget(folder).check(files, RestoreOptions.defaults()), Remedy.CLEAN_TARGET);
        assertRefusal(() -> new FileTreeSource("up", dir.resolve("missing")).preflight(), Remedy.FILES_SOURCE_PATH);
    }

    private static void assertRefusal(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Remedy... remedies) {
        assertThatThrownBy(call).isInstanceOf(BackupConfigurationException.class).hasMessageNotContaining("--")
                .satisfies(e -> assertThat(((BackupException) e).remedies()).containsExactlyInAnyOrder(remedies));
    }
}
