package io.github.embeddedbackup.core.restore;

import io.github.embeddedbackup.core.BackupException;
import io.github.embeddedbackup.core.IntegrityException;
import io.github.embeddedbackup.core.archive.CountingDigestInputStream;
import io.github.embeddedbackup.core.manifest.BackupOpener;
import io.github.embeddedbackup.core.crypto.DecryptionKeys;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.repository.BackupRepository;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a backup's archive decrypted but still compressed ({@code .tar.zst}, {@code .tar.gz}), so
 * stock tools can take over. The file appears only when the whole archive decrypted and authenticated
 * and its stored SHA-256 matched; a damaged or truncated archive leaves no file.
 */
public final class BackupDecryptor {

    private final BackupRepository repository;
    private final DecryptionKeys keys;

    public BackupDecryptor(BackupRepository repository, DecryptionKeys keys) {
        this.repository = repository;
        this.keys = keys;
    }

    /** @return the manifest of the backup written out */
    public Manifest decrypt(String idOrLatest, Path out) {
        BackupOpener opened = BackupOpener.open(repository.get(idOrLatest), keys);
        Manifest manifest = opened.manifest();
        if (Files.exists(out)) {
            throw new BackupException("Refusing to overwrite " + out + ": it exists. Choose another output file.");
        }
        Path temp = out.toAbsolutePath().resolveSibling("." + out.getFileName() + ".partial");
        try {
            try (CountingDigestInputStream stored = new CountingDigestInputStream(repository.openArchive(manifest));
                    InputStream plain = opened.compressedTar(stored);
                    OutputStream target = Files.newOutputStream(temp)) {
                plain.transferTo(target);
                stored.drain();
                if (!stored.sha256().equals(manifest.archive().sha256())) {
                    throw new IntegrityException(manifest.id(), "archive '" + manifest.archive().key() + "'", manifest.archive().sha256(),
                            "another SHA-256", "does not match its checksum");
                }
            }
            Files.move(temp, out, StandardCopyOption.ATOMIC_MOVE);
            return manifest;
        } catch (FileAlreadyExistsException e) {
            throw new BackupException("Refusing to overwrite " + out + ": it appeared while decrypting.", e);
        } catch (IOException e) {
            throw new BackupException("Decrypting backup " + manifest.id() + " failed: " + e.getMessage() + ". The archive is damaged "
                    + "or truncated (every 1 MiB segment is authenticated); no output was written. Restore another backup.", e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // best effort: the partial file is hidden
            }
        }
    }
}
