package io.github.embeddedbackup.core.crypto;

import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.subtle.Hkdf;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/**
 * The random 256-bit key of one backup. It encrypts the archive with Tink's AES-256-GCM streaming
 * AEAD (HKDF-SHA256 per-stream keys, 1 MiB segments, each authenticated; truncation and reordering
 * are detected) and seals the manifest's details with AES-256-GCM under a key derived from it. The
 * backup id is bound in as associated data, so an archive cannot be passed off as another backup's.
 * It is stored only wrapped ({@link KeyWrapping}).
 */
public final class DataKey {

    /** The algorithm name recorded in the manifest's {@code archive.encryption}. */
    public static final String ALGORITHM = "AES256_GCM_HKDF_SHA256_1MB";
    /** The archive file's extra ending when encrypted. */
    public static final String EXTENSION = ".aes";

    private static final int SEGMENT_SIZE = 1 << 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;

    DataKey(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("data key must be 32 bytes");
        }
        this.key = key.clone();
    }

    /**
     * A new random key, to encrypt a new backup. Starts the AES-GCM warm-up here, at the first moment
     * encryption is certain (as {@link #unwrapped} does for decryption), so it ends before the first segment.
     */
    public static DataKey generate() {
        GcmWarmUp.start(false);
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return new DataKey(key);
    }

    /** A key read back from a manifest, to decrypt its backup. */
    static DataKey unwrapped(byte[] key) {
        GcmWarmUp.start(true);
        return new DataKey(key);
    }

    byte[] bytes() {
        return key.clone();
    }

    /** Encrypts everything written to the returned stream into {@code out}; closing it writes the final segment. */
    public OutputStream encrypt(OutputStream out, String backupId) throws IOException {
        try {
            return streaming().newEncryptingStream(out, associatedData("archive", backupId));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM streaming encryption is not available in this Java runtime", e);
        }
    }

    /** Decrypts {@code in}; reading throws {@link IOException} at the first damaged, missing or reordered segment. */
    public InputStream decrypt(InputStream in, String backupId) throws IOException {
        try {
            return new AuthenticationFailures(streaming().newDecryptingStream(in, associatedData("archive", backupId)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM streaming decryption is not available in this Java runtime", e);
        }
    }

    /** Encrypts manifest details. */
    public byte[] seal(byte[] plaintext, String backupId) {
        try {
            return new AesGcmJce(sealingKey()).encrypt(plaintext, associatedData("manifest", backupId));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this Java runtime", e);
        }
    }

    /** Decrypts manifest details; throws {@link GeneralSecurityException} when they were changed. */
    public byte[] open(byte[] ciphertext, String backupId) throws GeneralSecurityException {
        return new AesGcmJce(sealingKey()).decrypt(ciphertext, associatedData("manifest", backupId));
    }

    private AesGcmHkdfStreaming streaming() throws GeneralSecurityException {
        return new AesGcmHkdfStreaming(key, "HmacSha256", 32, SEGMENT_SIZE, 0);
    }

    private byte[] sealingKey() throws GeneralSecurityException {
        return Hkdf.computeHkdf("HMACSHA256", key, new byte[0], "embedded-backup manifest key v1".getBytes(StandardCharsets.US_ASCII), 32);
    }

    static byte[] associatedData(String purpose, String backupId) {
        return ("embedded-backup " + purpose + " v1 " + backupId).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return "DataKey[****]";
    }

    /**
     * Turns the AES-GCM library's multi-line "Tag mismatch! … segmentNr:N …" dump into one sentence:
     * the data key already opened the manifest, so a segment that fails to authenticate was changed.
     */
    private static final class AuthenticationFailures extends java.io.FilterInputStream {

        private static final java.util.regex.Pattern SEGMENT = java.util.regex.Pattern.compile("segmentNr:\\s*(\\d+)");

        AuthenticationFailures(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw translate(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw translate(e);
            }
        }

        private static IOException translate(IOException e) {
            String message = String.valueOf(e.getMessage());
            if (!message.contains("Tag mismatch") && !message.contains("segmentNr")) {
                return e;
            }
            java.util.regex.Matcher segment = SEGMENT.matcher(message);
            String where = segment.find() ? "at segment " + segment.group(1) + " (of 1 MiB each)" : "in one of its segments";
            return new IOException("the encrypted archive does not authenticate " + where
                    + ": it was changed, truncated or reordered after the backup, or belongs to another backup", e);
        }
    }
}
