package io.github.embeddedbackup.core.verify;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of verifying one backup.
 *
 * @param backupId the backup
 * @param level how deep it went
 * @param problems every problem found, each a sentence naming what differs; empty when the backup is sound
 * @param storedBytes bytes read from storage
 * @param duration how long it took
 */
public record VerificationReport(String backupId, VerifyLevel level, List<String> problems, long storedBytes, Duration duration) {

    public VerificationReport {
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problems.isEmpty();
    }
}
