package io.github.embeddedbackup.autoconfigure.properties;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Encryption of the archive ({@code backup.encryption.*}).
 *
 * @param passphrase Passphrase that encrypts backups (at least 8 characters). Pass it from the environment: ${BACKUP_PASSPHRASE}.
 * @param keyFiles Files that each hold a base64 256-bit key.
 * @param recipientFiles Public key files from 'backup-cli keygen': the service can write backups that only the private key opens.
 */
public record EncryptionProperties(@Nullable String passphrase, @Nullable List<String> keyFiles, @Nullable List<String> recipientFiles) {

    public EncryptionProperties {
        keyFiles = keyFiles == null ? List.of() : List.copyOf(keyFiles);
        recipientFiles = recipientFiles == null ? List.of() : List.copyOf(recipientFiles);
    }

    /** Never the passphrase. */
    @Override
    public String toString() {
        return "EncryptionProperties[passphrase=" + (passphrase == null ? null : "****") + ", keyFiles=" + keyFiles + ", recipientFiles="
                + recipientFiles + "]";
    }
}
