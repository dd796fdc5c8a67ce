package io.github.embeddedbackup.core.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Gets the JDK's AES-GCM onto its AES-NI/CLMUL intrinsics before the archive is encrypted.
 *
 * <p>Why: the archive is encrypted in 1 MiB segments, one {@code doFinal} each, so a 100 MB archive
 * makes only ~100 calls. That is too few for the JIT to compile the GCM callers, and a call left to
 * the interpreter never reaches the intrinsics: measured on JDK 17 and 25 alike, 1 MiB calls stay
 * at ~80 MB/s, against ~3 GB/s once compiled (which made encryption cost 2 s of a 7.6 s backup).
 * Some thousands of small calls on a throwaway key get them compiled in about half a second, on a
 * background thread while the dump starts.
 */
final class GcmWarmUp {

    private static final int ROUNDS = 12_000;
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
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    private static void run(boolean decrypting) {
        try {
            SecretKeySpec key = new SecretKeySpec(new byte[32], "AES");
            ByteBuffer plain = ByteBuffer.allocate(512);
            ByteBuffer sealed = ByteBuffer.allocate(512 + 16);
            ByteBuffer opened = ByteBuffer.allocate(512);
            byte[] iv = new byte[12];
            for (int round = 0; round < ROUNDS; round++) {
                iv[0] = (byte) round;
                iv[1] = (byte) (round >>> 8);
                Cipher encrypt = Cipher.getInstance("AES/GCM/NoPadding");
                encrypt.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
                plain.clear();
                sealed.clear();
                encrypt.doFinal(plain, sealed);
                if (!decrypting) {
                    continue;
                }
                sealed.flip();
                opened.clear();
                Cipher decrypt = Cipher.getInstance("AES/GCM/NoPadding");
                decrypt.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
                decrypt.doFinal(sealed, opened);
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            // Only speed is at stake: encryption works the same without the warm-up.
        }
    }
}
