package io.github.embeddedbackup.core.drill;

import io.github.embeddedbackup.core.LibraryVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of one drill.
 *
 * @param backupId the backup drilled
 * @param drilledAt when the drill started
 * @param backupAge how old the backup was then
 * @param rto how long the restores took, all sources together
 * @param checks every check, in the order run
 */
public record DrillResult(String backupId, Instant drilledAt, Duration backupAge, Duration rto, List<DrillCheck> checks) {

    public DrillResult {
        checks = List.copyOf(checks);
    }

    /** Whether every check passed (a drill without checks did not prove anything and is not ok). */
    public boolean ok() {
        return !checks.isEmpty() && checks.stream().allMatch(DrillCheck::ok);
    }

    public List<DrillCheck> failures() {
        return checks.stream().filter(check -> !check.ok()).toList();
    }

    /** The record stored next to the manifest. */
    public DrillRecord toRecord() {
        return new DrillRecord(backupId, drilledAt, backupAge.toSeconds(), rto.toMillis() / 1000.0, ok(), checks, LibraryVersion.get());
    }
}
