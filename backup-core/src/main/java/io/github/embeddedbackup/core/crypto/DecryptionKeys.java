package io.github.embeddedbackup.core.crypto;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** What a reader offers to open encrypted backups: a passphrase, 256-bit keys, X25519 private keys. */
public final class DecryptionKeys {

    private static final DecryptionKeys NONE = new DecryptionKeys(null, List.of(), List.of());

    private final char @Nullable [] passphrase;
    private final List<SymmetricKey> keys;
    private final List<IdentityKey> identities;

    private DecryptionKeys(char @Nullable [] passphrase, List<SymmetricKey> keys, List<IdentityKey> identities) {
        this.passphrase = passphrase == null ? null : passphrase.clone();
        this.keys = List.copyOf(keys);
        this.identities = List.copyOf(identities);
    }

    public static DecryptionKeys none() {
        return NONE;
    }

    public static DecryptionKeys of(char @Nullable [] passphrase, List<SymmetricKey> keys, List<IdentityKey> identities) {
        DecryptionKeys given = new DecryptionKeys(passphrase, keys, identities);
        if (!given.isEmpty()) {
            // Whoever gives keys is about to decrypt: get AES-GCM compiled while the backup is looked up and the target checked.
            GcmWarmUp.start(true);
        }
        return given;
    }

    /** The keys that can read what {@code settings} encrypt (passphrase and 256-bit keys; not public keys). */
    public static DecryptionKeys from(EncryptionSettings settings) {
        return new DecryptionKeys(settings.passphrase(), settings.keys(), List.of());
    }

    public boolean isEmpty() {
        return passphrase == null && keys.isEmpty() && identities.isEmpty();
    }

    char @Nullable [] passphrase() {
        return passphrase == null ? null : passphrase.clone();
    }

    List<SymmetricKey> keys() {
        return keys;
    }

    List<IdentityKey> identities() {
        return identities;
    }

    /** What was given, for a message: {@code a passphrase and the 256-bit key key:1a2b…}; never a secret. */
    public String describe() {
        List<String> parts = new java.util.ArrayList<>();
        if (passphrase != null) {
            parts.add("a passphrase");
        }
        keys.forEach(key -> parts.add("the 256-bit key " + key.keyId()));
        identities.forEach(identity -> parts.add("the private key of recipient " + identity.publicKey().keyId()));
        return parts.isEmpty() ? "no key" : String.join(" and ", parts);
    }

    @Override
    public String toString() {
        return "DecryptionKeys[passphrase=" + (passphrase != null ? "****" : "none") + ", keys=" + keys + ", identities=" + identities + "]";
    }
}
