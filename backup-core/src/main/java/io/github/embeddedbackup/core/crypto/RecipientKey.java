package io.github.embeddedbackup.core.crypto;

/** An X25519 public key: backups can be encrypted for it, and only its private key opens them. */
public final class RecipientKey {

    private final byte[] publicKey;
    private final String keyId;

    public RecipientKey(byte[] publicKey) {
        if (publicKey.length != 32) {
            throw new IllegalArgumentException("An X25519 public key has 32 bytes, but this one has " + publicKey.length);
        }
        this.publicKey = publicKey.clone();
        this.keyId = SymmetricKey.fingerprint("x25519", publicKey);
    }

    byte[] bytes() {
        return publicKey.clone();
    }

    public String keyId() {
        return keyId;
    }

    @Override
    public String toString() {
        return "RecipientKey[" + keyId + "]";
    }
}
