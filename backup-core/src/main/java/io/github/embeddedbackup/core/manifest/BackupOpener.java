package io.github.embeddedbackup.core.manifest;

import io.github.embeddedbackup.core.codec.Compressors;
import io.github.embeddedbackup.core.crypto.DataKey;
import io.github.embeddedbackup.core.crypto.DecryptionException;
import io.github.embeddedbackup.core.crypto.DecryptionKeys;
import io.github.embeddedbackup.core.crypto.KeyWrapping;
import io.github.embeddedbackup.core.crypto.WrappedKey;
import io.github.embeddedbackup.core.manifest.CorruptManifestException;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.manifest.ManifestCodec;
import io.github.embeddedbackup.core.manifest.ManifestCodec.SealedDetails;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A backup opened for reading: its manifest with every detail (unsealed when encrypted) and, for an
 * encrypted backup, its data key. Opening fails with {@link DecryptionException} before any byte of
 * the archive is read when the keys do not fit.
 *
 * @param manifest the full manifest
 * @param dataKey the data key, or {@code null} when the backup is not encrypted
 */
public record BackupOpener(Manifest manifest, @Nullable DataKey dataKey) {

    public static BackupOpener open(Manifest manifest, DecryptionKeys keys) {
        if (!manifest.encrypted()) {
            return new BackupOpener(manifest, null);
        }
        if (!DataKey.ALGORITHM.equals(manifest.archive().encryption())) {
            throw new DecryptionException(manifest.id(), "Backup " + manifest.id() + " is encrypted with '" + manifest.archive().encryption()
                    + "', which this version does not know (it knows " + DataKey.ALGORITHM + "). Use a newer release.", null);
        }
        List<WrappedKey> wrapped = manifest.archive().keys() == null ? List.of() : manifest.archive().keys();
        DataKey dataKey = KeyWrapping.unwrap(wrapped, keys, manifest.id());
        if (manifest.sealed() == null) {
            throw new CorruptManifestException("of backup " + manifest.id(), "it is encrypted but has no sealed details");
        }
        byte[] details;
        try {
            details = dataKey.open(Base64.getDecoder().decode(manifest.sealed()), manifest.id());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new DecryptionException(manifest.id(), "The sealed details of backup " + manifest.id()
                    + " do not authenticate: the manifest was changed. Restore another backup.", e);
        }
        SealedDetails sealed = ManifestCodec.readDetails(details, manifest.id());
        return new BackupOpener(manifest.withDetails(sealed.sources(), sealed.entries(), manifest.sealed()), dataKey);
    }

    /** Seals a full manifest: details encrypted with the data key, only names and types left in plain text. */
    public static Manifest seal(Manifest full, DataKey dataKey) {
        byte[] details = ManifestCodec.writeDetails(new SealedDetails(full.sources(), full.entries()));
        String sealed = Base64.getEncoder().encodeToString(dataKey.seal(details, full.id()));
        return full.withDetails(full.sources().stream().map(source -> source.withoutDetails()).toList(), List.of(), sealed);
    }

    /** The plain tar from the stored archive: decrypted (when encrypted) and decompressed. */
    public InputStream plainTar(InputStream stored) throws IOException {
        InputStream decrypted = dataKey == null ? stored : dataKey.decrypt(stored, manifest.id());
        return Compressors.forId(manifest.archive().compression()).decompress(decrypted);
    }

    /** The stored archive decrypted but still compressed, for stock tools. */
    public InputStream compressedTar(InputStream stored) throws IOException {
        return dataKey == null ? stored : dataKey.decrypt(stored, manifest.id());
    }
}
