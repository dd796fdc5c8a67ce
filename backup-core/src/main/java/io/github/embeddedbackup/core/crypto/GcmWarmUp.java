package io.github.embeddedbackup.core.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Gets the JDK's AES-GCM onto its AES-NI/CLMUL intrinsics before the archive is encrypted or decrypted.
 *
 * <p>Why: the archive is encrypted in 1 MiB segments, one {@code doFinal} each, so a 100 MB archive
 * makes only ~100 calls. That is too few for the JIT to compile the GCM callers, and a call left to
 * the interpreter never reaches the intrinsics: measured on JDK 17 and 25 alike, 1 MiB calls stay
 * at ~80 MB/s, against ~3 GB/s once compiled (which made encryption cost 1 to 2 s of a 5 s backup).
 * Some thousands of small calls on a throwaway key get them compiled in about 0.15 s of one core.
 * It runs on a background thread, started as soon as a data key exists, so it is done before the
 * first segment. One {@link Cipher} per direction is re-initialised with a new nonce each round:
 * a fresh {@code Cipher.getInstance} and key schedule per round cost twice the CPU (measured).
 */
final class GcmWarmUp {

    private static final int ROUNDS = 12_000;
    private static final int MESSAGE = 512;
    private static final AtomicBoolean encryptStarted = new AtomicBoolean();
    private static final AtomicBoolean decryptStarted = new AtomicBoolean();

    private GcmWarmUp() {}

    /** Starts the warm-up of one direction once per JVM; returns at once. */
    static void start(boolean decrypting) {
        if (!(decrypting ? decryptStarted : encryptStarted).compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(() -> run(decrypting), "aes-gcm-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private static void run(boolean decrypting) {
        try {
            SecretKeySpec key = new SecretKeySpec(new byte[32], "AES");
            Cipher encrypt = Cipher.getInstance("AES/GCM/NoPadding");
            Cipher decrypt = Cipher.getInstance("AES/GCM/NoPadding");
            ByteBuffer plain = ByteBuffer.allocate(MESSAGE);
            ByteBuffer sealed = ByteBuffer.allocate(MESSAGE + 16);
            ByteBuffer opened = ByteBuffer.allocate(MESSAGE);
            byte[] iv = new byte[12];
            for (int round = 0; round < ROUNDS; round++) {
                // GCM refuses a nonce used before with the same key: count through them.
                iv[0] = (byte) round;
                iv[1] = (byte) (round >>> 8);
                encrypt.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
                plain.clear();
                sealed.clear();
                encrypt.doFinal(plain, sealed);
                if (!decrypting) {
                    continue;
                }
                sealed.flip();
                opened.clear();
                decrypt.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
                decrypt.doFinal(sealed, opened);
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            // Only speed is at stake: encryption works the same without the warm-up.
        }
    }
}
