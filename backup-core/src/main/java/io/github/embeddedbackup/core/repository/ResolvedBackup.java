package io.github.embeddedbackup.core.repository;

import io.github.embeddedbackup.core.manifest.Manifest;
import java.util.List;

/**
 * The backup an id or {@code latest} stands for, and the newer backups that {@code latest} had to
 * pass over because their manifests could not be read — a caller shows these, so that an older
 * backup is never used silently.
 *
 * @param manifest the backup chosen
 * @param skipped newer backups that were passed over, newest first (empty for an explicit id)
 */
public record ResolvedBackup(Manifest manifest, List<SkippedBackup> skipped) {

    public ResolvedBackup {
        skipped = List.copyOf(skipped);
    }

    /** One sentence per backup passed over, naming it, why, and which backup is used instead. */
    public List<String> warnings() {
        return skipped.stream().map(s -> "Backup " + s.id() + " is newer but was skipped: " + s.reason() + " Using backup "
                + manifest.id() + " instead.").toList();
    }
}
