package io.github.embeddedbackup.core.crypto;

import io.github.embeddedbackup.core.BackupConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key files. A 256-bit key file holds the key in base64 ({@code head -c 32 /dev/urandom | base64}).
 * X25519 keys are one line each, {@code embedded-backup-public-key-1:BASE64} and
 * {@code embedded-backup-private-key-1:BASE64}; private key files are written with mode 600.
 */
public final class KeyFiles {

    static final String PUBLIC_PREFIX = "embedded-backup-public-key-1:";
    static final String PRIVATE_PREFIX = "embedded-backup-private-key-1:";

    private static final Logger logger = LoggerFactory.getLogger(KeyFiles.class);

    private KeyFiles() {}

    /** Reads a base64 256-bit key; a file that others may read is used, with a warning. */
    public static SymmetricKey readSymmetricKey(Path file) {
        String text = read(file, "key file").strip();
        String mode = openMode(file);
        if (mode != null) {
            logger.warn("The key file {} can be read by other users (mode {}): whoever reads it can open the backups. Run: chmod 600 {}",
                    file, mode, file);
        }
        try {
            return new SymmetricKey(Base64.getDecoder().decode(text));
        } catch (IllegalArgumentException e) {
            throw new BackupConfigurationException("The key file " + file + " does not hold a base64 256-bit key: " + e.getMessage()
                    + ". Create one with: head -c 32 /dev/urandom | base64 > " + file + " && chmod 600 " + file, e);
        }
    }

    public static RecipientKey readPublicKey(Path file) {
        return new RecipientKey(decode(file, PUBLIC_PREFIX, "public key file"));
    }

    /** Reads a private key; refused, as ssh refuses, when other users may read or change the file. */
    public static IdentityKey readPrivateKey(Path file) {
        IdentityKey identity = new IdentityKey(decode(file, PRIVATE_PREFIX, "private key file"));
        String mode = openMode(file);
        if (mode != null) {
            throw new BackupConfigurationException("The private key file " + file + " can be accessed by other users (mode " + mode
                    + "). A private key must be readable only by its owner. Run: chmod 600 " + file);
        }
        return identity;
    }

    /** The file's mode, e.g. {@code 644}, when group or others have any access; null when only the owner has (or no POSIX modes). */
    static @Nullable String openMode(Path file) {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException | IOException e) {
            return null;
        }
        int mode = 0;
        for (PosixFilePermission permission : PosixFilePermission.values()) {
            if (permissions.contains(permission)) {
                mode |= 1 << (8 - permission.ordinal());
            }
        }
        return (mode & 0077) == 0 ? null : Integer.toOctalString(mode);
    }

    /** Writes a new key pair; refuses to overwrite either file. */
    public static void writeKeyPair(IdentityKey identity, Path publicKeyFile, Path privateKeyFile) {
        writeNew(privateKeyFile, PRIVATE_PREFIX + Base64.getEncoder().encodeToString(identity.bytes()) + "\n", true);
        writeNew(publicKeyFile, PUBLIC_PREFIX + Base64.getEncoder().encodeToString(identity.publicKey().bytes()) + "\n", false);
    }

    private static byte[] decode(Path file, String prefix, String what) {
        String text = read(file, what).strip();
        if (!text.startsWith(prefix)) {
            throw new BackupConfigurationException(file + " is not a " + what + ": it should start with '" + prefix + "'."
                    + (text.startsWith(PRIVATE_PREFIX) ? " This is a private key: give it as an identity file." : "")
                    + (text.startsWith(PUBLIC_PREFIX) ? " This is a public key: give it as a recipient file." : ""));
        }
        try {
            return Base64.getDecoder().decode(text.substring(prefix.length()));
        } catch (IllegalArgumentException e) {
            throw new BackupConfigurationException(file + " is damaged: its key is not valid base64.", e);
        }
    }

    private static String read(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new BackupConfigurationException("The " + what + " " + file + " does not exist.", e);
        } catch (IOException e) {
            throw new BackupConfigurationException("Cannot read the " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    private static void writeNew(Path file, String content, boolean secret) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            if (secret) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, content, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
            } else {
                Files.writeString(file, content, StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            }
        } catch (FileAlreadyExistsException e) {
            throw new BackupConfigurationException("Refusing to overwrite " + file + ": it exists. Choose another file name; "
                    + "overwriting a key makes the backups made with it unreadable.", e);
        } catch (IOException e) {
            throw new BackupConfigurationException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
