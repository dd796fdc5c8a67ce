package io.github.embeddedbackup.core.crypto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.jspecify.annotations.Nullable;

/**
 * A backup's data key, wrapped by one key-encryption method. Stored in the manifest; holds no secret.
 *
 * @param type {@code passphrase} (scrypt + AES-256-GCM), {@code key} (a 256-bit key, AES-256-GCM) or
 *     {@code x25519} (HPKE: DHKEM X25519, HKDF-SHA256, AES-256-GCM)
 * @param keyId for {@code key} and {@code x25519}: the fingerprint of the key that can unwrap it
 * @param scryptN scrypt cost (passphrase only)
 * @param scryptR scrypt block size (passphrase only)
 * @param scryptP scrypt parallelism (passphrase only)
 * @param salt base64 scrypt salt (passphrase only)
 * @param wrapped base64 of the wrapped data key
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "keyId", "scryptN", "scryptR", "scryptP", "salt", "wrapped"})
public record WrappedKey(
        String type,
        @Nullable String keyId,
        @Nullable Integer scryptN,
        @Nullable Integer scryptR,
        @Nullable Integer scryptP,
        @Nullable String salt,
        String wrapped) {

    public static final String PASSPHRASE = "passphrase";
    public static final String KEY = "key";
    public static final String X25519 = "x25519";
}
