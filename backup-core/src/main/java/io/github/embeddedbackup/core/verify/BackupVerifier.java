package io.github.embeddedbackup.core.verify;

import io.github.embeddedbackup.core.BackupException;
import io.github.embeddedbackup.core.archive.ArchiveReader;
import io.github.embeddedbackup.core.archive.CountingDigestInputStream;
import io.github.embeddedbackup.core.archive.Sha256;
import io.github.embeddedbackup.core.manifest.BackupOpener;
import io.github.embeddedbackup.core.crypto.DecryptionKeys;
import io.github.embeddedbackup.core.manifest.EntryRecord;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.repository.BackupRepository;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a stored backup against its manifest in one pass over the stored object and reports every
 * problem it finds, not just the first.
 */
public final class BackupVerifier {

    private static final Logger logger = LoggerFactory.getLogger(BackupVerifier.class);

    private final BackupRepository repository;
    private final DecryptionKeys keys;

    /** @param keys what may open encrypted backups; only the {@code content} level needs them */
    public BackupVerifier(BackupRepository repository, DecryptionKeys keys) {
        this.repository = repository;
        this.keys = keys;
    }

    public BackupVerifier(BackupRepository repository) {
        this(repository, DecryptionKeys.none());
    }

    public VerificationReport verify(String idOrLatest, VerifyLevel level) {
        return verify(repository.get(idOrLatest), level);
    }

    public VerificationReport verify(Manifest manifest, VerifyLevel level) {
        // The content level reads the plain data: an encrypted backup needs its key, checked before reading.
        BackupOpener opened = level == VerifyLevel.CONTENT ? BackupOpener.open(manifest, keys) : new BackupOpener(manifest, null);
        Instant started = Instant.now();
        List<String> problems = new ArrayList<>();
        String key = manifest.archive().key();
        long storedBytes = 0;
        if (repository.storage().stat(key).isEmpty()) {
            problems.add("The archive '" + key + "' is missing from " + repository.storage().describe() + ".");
        } else {
            try (CountingDigestInputStream stored = new CountingDigestInputStream(repository.openArchive(manifest))) {
                if (level == VerifyLevel.CONTENT) {
                    checkContent(opened, stored, problems);
                }
                stored.drain();
                storedBytes = stored.count();
                if (stored.count() != manifest.archive().size()) {
                    problems.add(0, "The archive '" + key + "' has " + stored.count() + " bytes; the manifest says "
                            + manifest.archive().size() + ".");
                }
                String sha256 = stored.sha256();
                if (!sha256.equals(manifest.archive().sha256())) {
                    problems.add(0, "The archive '" + key + "' has SHA-256 " + sha256 + "; the manifest says "
                            + manifest.archive().sha256() + ": the stored bytes were changed.");
                }
            } catch (IOException | BackupException e) {
                problems.add("Reading the archive '" + key + "' failed: " + e.getMessage());
            }
        }
        VerificationReport report = new VerificationReport(manifest.id(), level, problems, storedBytes, Duration.between(started, Instant.now()));
        if (report.ok()) {
            logger.info("Backup verified. id: {}, level: {}, bytes: {}", manifest.id(), level, storedBytes);
        } else {
            logger.warn("Backup verification found problems. id: {}, level: {}, problems: {}", manifest.id(), level, problems);
        }
        return report;
    }

    /** Decompresses and re-hashes every entry; records problems instead of stopping at the first. */
    private static void checkContent(BackupOpener opened, InputStream stored, List<String> problems) {
        Manifest manifest = opened.manifest();
        Map<String, EntryRecord> expected = new LinkedHashMap<>();
        manifest.entries().forEach(entry -> expected.put(entry.path(), entry));
        Map<String, EntryProgress> seen = new LinkedHashMap<>();
        try {
            InputStream plain = opened.plainTar(stored);
            ArchiveReader archive = new ArchiveReader(plain, manifest.id());
            TarArchiveEntry member;
            byte[] buffer = new byte[1 << 16];
            while ((member = archive.nextMember()) != null) {
                String name = member.getName();
                EntryRecord entry = entryOf(name, expected);
                if (entry == null) {
                    problems.add("The archive holds '" + name + "', which the manifest does not list.");
                    continue;
                }
                EntryProgress progress = seen.computeIfAbsent(entry.path(), path -> new EntryProgress());
                progress.parts++;
                InputStream data = archive.memberData();
                int n;
                while ((n = data.read(buffer)) >= 0) {
                    progress.digest.update(buffer, 0, n);
                    progress.size += n;
                }
            }
        } catch (IOException | RuntimeException e) {
            problems.add("The archive cannot be read to its end: " + e.getMessage() + " (the "
                    + (manifest.encrypted() ? "encrypted data failed authentication, or the " : "") + "compressed data or the tar "
                    + "structure is damaged or truncated).");
        }
        for (EntryRecord entry : expected.values()) {
            EntryProgress progress = seen.get(entry.path());
            if (progress == null) {
                problems.add("Entry '" + entry.path() + "' is missing from the archive.");
                continue;
            }
            if (progress.parts != Math.max(1, entry.parts())) {
                problems.add("Entry '" + entry.path() + "' has " + progress.parts + " parts; the manifest says " + entry.parts() + ".");
            }
            if (progress.size != entry.size()) {
                problems.add("Entry '" + entry.path() + "' has " + progress.size + " bytes; the manifest says " + entry.size() + ".");
            }
            String sha256 = HexFormat.of().formatHex(progress.digest.digest());
            if (!sha256.equals(entry.sha256())) {
                problems.add("Entry '" + entry.path() + "' has SHA-256 " + sha256 + "; the manifest says " + entry.sha256() + ".");
            }
        }
    }

    private static EntryRecord entryOf(String memberName, Map<String, EntryRecord> expected) {
        EntryRecord whole = expected.get(memberName);
        if (whole != null && whole.parts() <= 1) {
            return whole;
        }
        int dot = memberName.lastIndexOf('.');
        if (dot > 0) {
            EntryRecord parted = expected.get(memberName.substring(0, dot));
            if (parted != null && parted.parts() > 1 && memberName.matches(".*\\.\\d{6}")) {
                return parted;
            }
        }
        return null;
    }

    private static final class EntryProgress {
        final MessageDigest digest = Sha256.newDigest();
        long size;
        int parts;
    }
}
