package io.github.embeddedbackup.cli;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.crypto.DecryptionKeys;
import io.github.embeddedbackup.core.crypto.EncryptionSettings;
import io.github.embeddedbackup.core.crypto.IdentityKey;
import io.github.embeddedbackup.core.crypto.KeyFiles;
import io.github.embeddedbackup.core.crypto.RecipientKey;
import io.github.embeddedbackup.core.crypto.SymmetricKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Key options. Secrets are read from an environment variable or a file, never from the command line. */
final class KeyOptions {

    @Option(names = "--passphrase-env", paramLabel = "VAR",
            description = "Name of the environment variable that holds the passphrase (e.g. BACKUP_PASSPHRASE).")
    @Nullable String passphraseEnv;

    @Option(names = "--key-file", paramLabel = "FILE", description = "A file with a base64 256-bit key (repeatable).")
    List<Path> keyFiles = new ArrayList<>();

    char @Nullable [] passphrase() {
        if (passphraseEnv == null) {
            return null;
        }
        String value = System.getenv(passphraseEnv);
        if (value == null || value.isEmpty()) {
            throw new BackupConfigurationException("--passphrase-env names " + passphraseEnv + ", but that environment variable "
                    + "is not set or empty. Set it, e.g. read -rs " + passphraseEnv + " && export " + passphraseEnv);
        }
        return value.toCharArray();
    }

    List<SymmetricKey> keys() {
        return keyFiles.stream().map(KeyFiles::readSymmetricKey).toList();
    }

    /** Options of commands that write backups. */
    static final class Encrypting {

        @picocli.CommandLine.Mixin
        KeyOptions common = new KeyOptions();

        @Option(names = "--recipient-file", paramLabel = "FILE",
                description = "A public key file from 'keygen' (repeatable): only its private key can restore the backup.")
        List<Path> recipientFiles = new ArrayList<>();

        EncryptionSettings settings() {
            List<RecipientKey> recipients = recipientFiles.stream().map(KeyFiles::readPublicKey).toList();
            try {
                return EncryptionSettings.of(common.passphrase(), common.keys(), recipients);
            } catch (IllegalArgumentException e) {
                throw new BackupConfigurationException(e.getMessage() + ".", e);
            }
        }
    }

    /** Options of commands that read backups. */
    static final class Decrypting {

        @picocli.CommandLine.Mixin
        KeyOptions common = new KeyOptions();

        @Option(names = "--identity-file", paramLabel = "FILE", description = "A private key file from 'keygen' (repeatable).")
        List<Path> identityFiles = new ArrayList<>();

        DecryptionKeys keys() {
            List<IdentityKey> identities = identityFiles.stream().map(KeyFiles::readPrivateKey).toList();
            return DecryptionKeys.of(common.passphrase(), common.keys(), identities);
        }
    }
}
