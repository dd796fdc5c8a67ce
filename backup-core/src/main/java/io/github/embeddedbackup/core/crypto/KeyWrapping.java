package io.github.embeddedbackup.core.crypto;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.HpkePrivateKey;
import com.google.crypto.tink.hybrid.HpkePublicKey;
import com.google.crypto.tink.hybrid.internal.HpkeDecrypt;
import com.google.crypto.tink.hybrid.internal.HpkeEncrypt;
import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.util.Bytes;
import com.google.crypto.tink.util.SecretBytes;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * Wraps a backup's data key for each key-encryption method of the settings, and unwraps it with
 * whichever of the reader's keys fits. Wrapping uses AES-256-GCM from Tink (which chooses the
 * nonces) or HPKE (RFC 9180) for public keys.
 */
public final class KeyWrapping {

    /** scrypt cost: 2^15 × 8 × 128 bytes = 32 MiB of memory and about 0.1 s per try. */
    static final int SCRYPT_N = 1 << 15;
    static final int SCRYPT_R = 8;
    static final int SCRYPT_P = 1;
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyWrapping() {}

    public static List<WrappedKey> wrap(DataKey dataKey, EncryptionSettings settings, String backupId) {
        List<WrappedKey> wrapped = new ArrayList<>();
        try {
            char[] passphrase = settings.passphrase();
            if (passphrase != null) {
                byte[] salt = new byte[16];
                RANDOM.nextBytes(salt);
                byte[] kek = scrypt(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P);
                Arrays.fill(passphrase, '\0');
                wrapped.add(new WrappedKey(WrappedKey.PASSPHRASE, null, SCRYPT_N, SCRYPT_R, SCRYPT_P, b64(salt),
                        b64(new AesGcmJce(kek).encrypt(dataKey.bytes(), DataKey.associatedData(WrappedKey.PASSPHRASE, backupId)))));
            }
            for (SymmetricKey key : settings.keys()) {
                wrapped.add(new WrappedKey(WrappedKey.KEY, key.keyId(), null, null, null, null,
                        b64(new AesGcmJce(key.bytes()).encrypt(dataKey.bytes(), DataKey.associatedData(WrappedKey.KEY, backupId)))));
            }
            for (RecipientKey recipient : settings.recipients()) {
                byte[] ciphertext = HpkeEncrypt.create(hpkePublicKey(recipient.bytes()))
                        .encrypt(dataKey.bytes(), DataKey.associatedData(WrappedKey.X25519, backupId));
                wrapped.add(new WrappedKey(WrappedKey.X25519, recipient.keyId(), null, null, null, null, b64(ciphertext)));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Wrapping the data key failed: " + e.getMessage(), e);
        }
        return wrapped;
    }

    /**
     * The data key, unwrapped with the first of {@code keys} that fits.
     *
     * @throws DecryptionException with what the backup accepts and what to give, when none fits
     */
    public static DataKey unwrap(List<WrappedKey> wrappedKeys, DecryptionKeys keys, String backupId) {
        if (keys.isEmpty()) {
            throw new DecryptionException(backupId, "Backup " + backupId + " is encrypted and no key was given. It opens with "
                    + describe(wrappedKeys) + ". Give " + howToGive(wrappedKeys) + ".", null);
        }
        boolean passphraseTried = false;
        for (WrappedKey wrapped : wrappedKeys) {
            try {
                switch (wrapped.type()) {
                    case WrappedKey.PASSPHRASE -> {
                        char[] passphrase = keys.passphrase();
                        if (passphrase != null && wrapped.salt() != null && wrapped.scryptN() != null) {
                            passphraseTried = true;
                            byte[] kek = scrypt(passphrase, unb64(wrapped.salt()), wrapped.scryptN(), wrapped.scryptR(), wrapped.scryptP());
                            Arrays.fill(passphrase, '\0');
                            return DataKey.unwrapped(new AesGcmJce(kek).decrypt(unb64(wrapped.wrapped()),
                                    DataKey.associatedData(WrappedKey.PASSPHRASE, backupId)));
                        }
                    }
                    case WrappedKey.KEY -> {
                        for (SymmetricKey key : keys.keys()) {
                            if (key.keyId().equals(wrapped.keyId())) {
                                return DataKey.unwrapped(new AesGcmJce(key.bytes()).decrypt(unb64(wrapped.wrapped()),
                                        DataKey.associatedData(WrappedKey.KEY, backupId)));
                            }
                        }
                    }
                    case WrappedKey.X25519 -> {
                        for (IdentityKey identity : keys.identities()) {
                            if (identity.publicKey().keyId().equals(wrapped.keyId())) {
                                HpkePrivateKey privateKey = HpkePrivateKey.create(hpkePublicKey(identity.publicKey().bytes()),
                                        SecretBytes.copyFrom(identity.bytes(), InsecureSecretKeyAccess.get()));
                                return DataKey.unwrapped(HpkeDecrypt.create(privateKey).decrypt(unb64(wrapped.wrapped()),
                                        DataKey.associatedData(WrappedKey.X25519, backupId)));
                            }
                        }
                    }
                    default -> {
                        // a key type from a later version: another entry may still fit
                    }
                }
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                if (!WrappedKey.PASSPHRASE.equals(wrapped.type())) {
                    throw new DecryptionException(backupId, "The key " + wrapped.keyId() + " matches backup " + backupId
                            + " by fingerprint but does not open it: the manifest's wrapped key was changed. Restore another backup.", e);
                }
            }
        }
        String passphraseNote = passphraseTried ? "The passphrase is wrong. " : "";
        throw new DecryptionException(backupId, passphraseNote + "None of the keys given opens backup " + backupId + ". It opens with "
                + describe(wrappedKeys) + "; you gave " + keys.describe() + ". Give " + howToGive(wrappedKeys) + ".", null);
    }

    private static String describe(List<WrappedKey> wrappedKeys) {
        List<String> parts = new ArrayList<>();
        for (WrappedKey wrapped : wrappedKeys) {
            parts.add(switch (wrapped.type()) {
                case WrappedKey.PASSPHRASE -> "its passphrase";
                case WrappedKey.KEY -> "the 256-bit key " + wrapped.keyId();
                case WrappedKey.X25519 -> "the private key of recipient " + wrapped.keyId();
                default -> "a '" + wrapped.type() + "' key (from a newer version)";
            });
        }
        return String.join(", or ", parts);
    }

    private static String howToGive(List<WrappedKey> wrappedKeys) {
        List<String> parts = new ArrayList<>();
        for (WrappedKey wrapped : wrappedKeys) {
            String option = switch (wrapped.type()) {
                case WrappedKey.PASSPHRASE -> "the passphrase";
                case WrappedKey.KEY -> "the key file";
                case WrappedKey.X25519 -> "the private key (identity) file";
                default -> null;
            };
            if (option != null && !parts.contains(option)) {
                parts.add(option);
            }
        }
        return String.join(" or ", parts);
    }

    private static HpkePublicKey hpkePublicKey(byte[] publicKey) throws GeneralSecurityException {
        HpkeParameters parameters = HpkeParameters.builder()
                .setKemId(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256)
                .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
                .setAeadId(HpkeParameters.AeadId.AES_256_GCM)
                .setVariant(HpkeParameters.Variant.NO_PREFIX)
                .build();
        return HpkePublicKey.create(parameters, Bytes.copyFrom(publicKey), null);
    }

    private static byte[] scrypt(char[] passphrase, byte[] salt, int n, Integer r, Integer p) {
        if (n > (1 << 20) || r == null || p == null || r > 32 || p > 16) {
            throw new IllegalArgumentException("scrypt parameters out of range");
        }
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(passphrase));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        try {
            return SCrypt.generate(bytes, salt, n, r, p, 32);
        } finally {
            Arrays.fill(bytes, (byte) 0);
            if (encoded.hasArray()) {
                Arrays.fill(encoded.array(), (byte) 0);
            }
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] unb64(String text) {
        return Base64.getDecoder().decode(text);
    }
}
