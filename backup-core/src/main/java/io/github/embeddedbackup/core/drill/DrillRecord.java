package io.github.embeddedbackup.core.drill;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * What a drill found, as stored next to the manifest in {@code drills/{backupId}/{yyyyMMdd'T'HHmmss'Z'}.json}
 * (see {@code docs/format.md}).
 *
 * @param backupId the backup drilled
 * @param drilledAt when the drill started
 * @param backupAgeSeconds how old the backup was then (from its finish to the drill's start)
 * @param rtoSeconds how long the restores took, all sources together: the backup's measured recovery time
 * @param ok whether every check passed
 * @param checks every check, in the order run
 * @param toolVersion the version of the library that drilled
 */
@JsonPropertyOrder({"backupId", "drilledAt", "backupAgeSeconds", "rtoSeconds", "ok", "checks", "toolVersion"})
public record DrillRecord(String backupId, Instant drilledAt, long backupAgeSeconds, double rtoSeconds, boolean ok,
        List<DrillCheck> checks, String toolVersion) {

    public DrillRecord {
        checks = checks == null ? List.of() : List.copyOf(checks);
    }

    /** The failed checks, in order; empty when the drill passed. */
    public List<DrillCheck> failures() {
        return checks.stream().filter(check -> !check.ok()).toList();
    }
}
