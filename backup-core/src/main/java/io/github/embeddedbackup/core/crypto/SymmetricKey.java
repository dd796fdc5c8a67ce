package io.github.embeddedbackup.core.crypto;

import io.github.embeddedbackup.core.archive.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** A 256-bit key that wraps data keys. Its {@link #keyId()} is a fingerprint safe to store and print. */
public final class SymmetricKey {

    private final byte[] key;
    private final String keyId;

    public SymmetricKey(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("A backup key must be 256 bits (32 bytes), but this one has " + key.length
                    + " bytes. Generate one with: head -c 32 /dev/urandom | base64");
        }
        this.key = key.clone();
        this.keyId = fingerprint("key", key);
    }

    byte[] bytes() {
        return key.clone();
    }

    public String keyId() {
        return keyId;
    }

    @Override
    public String toString() {
        return "SymmetricKey[" + keyId + "]";
    }

    /** 16 hex digits of a domain-separated SHA-256: identifies a key without revealing it. */
    static String fingerprint(String kind, byte[] keyMaterial) {
        var digest = Sha256.newDigest();
        digest.update(("embedded-backup " + kind + " fingerprint v1").getBytes(StandardCharsets.US_ASCII));
        digest.update(keyMaterial);
        return HexFormat.of().formatHex(digest.digest(), 0, 8);
    }
}
