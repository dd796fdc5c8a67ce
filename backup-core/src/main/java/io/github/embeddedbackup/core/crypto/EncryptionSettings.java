package io.github.embeddedbackup.core.crypto;

import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How new backups are encrypted: any mix of a passphrase, 256-bit keys and X25519 public keys. Each
 * can unwrap the backup's data key on its own. With public keys only, the process that writes
 * backups cannot read them. {@link #toString()} never shows a secret.
 */
public final class EncryptionSettings {

    private static final EncryptionSettings NONE = new EncryptionSettings(null, List.of(), List.of());

    private final char @Nullable [] passphrase;
    private final List<SymmetricKey> keys;
    private final List<RecipientKey> recipients;

    private EncryptionSettings(char @Nullable [] passphrase, List<SymmetricKey> keys, List<RecipientKey> recipients) {
        if (passphrase != null && passphrase.length < 8) {
            throw new IllegalArgumentException("The backup passphrase must have at least 8 characters; use a long random one");
        }
        this.passphrase = passphrase == null ? null : passphrase.clone();
        this.keys = List.copyOf(keys);
        this.recipients = List.copyOf(recipients);
    }

    public static EncryptionSettings none() {
        return NONE;
    }

    public static EncryptionSettings of(char @Nullable [] passphrase, List<SymmetricKey> keys, List<RecipientKey> recipients) {
        return new EncryptionSettings(passphrase, keys, recipients);
    }

    public boolean enabled() {
        return passphrase != null || !keys.isEmpty() || !recipients.isEmpty();
    }

    char @Nullable [] passphrase() {
        return passphrase == null ? null : passphrase.clone();
    }

    List<SymmetricKey> keys() {
        return keys;
    }

    List<RecipientKey> recipients() {
        return recipients;
    }

    /** Whether these settings can also decrypt what they encrypt (false for public keys only). */
    public boolean canDecrypt() {
        return passphrase != null || !keys.isEmpty();
    }

    @Override
    public String toString() {
        return "EncryptionSettings[passphrase=" + (passphrase != null ? "****" : "none") + ", keys="
                + keys.stream().map(SymmetricKey::keyId).toList() + ", recipients=" + recipients.stream().map(RecipientKey::keyId).toList() + "]";
    }

    /** Overwrites the passphrase copy held here. */
    public void destroy() {
        if (passphrase != null) {
            Arrays.fill(passphrase, '\0');
        }
    }
}
