package io.github.embeddedbackup.core.crypto;

import com.google.crypto.tink.subtle.X25519;
import java.security.InvalidKeyException;

/** An X25519 private key, which opens backups encrypted for its public key. Never printed. */
public final class IdentityKey {

    private final byte[] privateKey;
    private final RecipientKey publicKey;

    public IdentityKey(byte[] privateKey) {
        if (privateKey.length != 32) {
            throw new IllegalArgumentException("An X25519 private key has 32 bytes, but this one has " + privateKey.length);
        }
        this.privateKey = privateKey.clone();
        try {
            this.publicKey = new RecipientKey(X25519.publicFromPrivate(privateKey));
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("Not a valid X25519 private key", e);
        }
    }

    /** A new random key pair. */
    public static IdentityKey generate() {
        return new IdentityKey(X25519.generatePrivateKey());
    }

    byte[] bytes() {
        return privateKey.clone();
    }

    public RecipientKey publicKey() {
        return publicKey;
    }

    @Override
    public String toString() {
        return "IdentityKey[" + publicKey.keyId() + "]";
    }
}
