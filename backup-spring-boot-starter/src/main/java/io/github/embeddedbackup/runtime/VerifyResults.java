package io.github.embeddedbackup.runtime;

import io.github.embeddedbackup.core.verify.VerificationReport;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The last verification of each backup in this instance, in memory (a restart forgets them; verifying
 * again is cheap), so a listing can say which backups were found sound and which were not. Recorded by
 * whoever verifies (the REST API), with an error already fit to be shown.
 */
public class VerifyResults {

    /** How many backups are remembered: the oldest entry goes first. */
    static final int CAPACITY = 1000;

    /**
     * One verification.
     *
     * @param level checksum or content
     * @param problems what was found wrong; empty when sound
     * @param error why it could not be verified at all (storage down, no key), or null
     */
    public record Result(boolean ok, String level, Instant verifiedAt, List<String> problems, @Nullable String error) {}

    private final Clock clock;
    private final Map<String, Result> results = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Result> eldest) {
            return size() > CAPACITY;
        }
    };

    public VerifyResults(Clock clock) {
        this.clock = clock;
    }

    /** A verification that ran to its end, sound or not. */
    public void verified(VerificationReport report) {
        put(report.backupId(), new Result(report.ok(), report.level().name().toLowerCase(Locale.ROOT), clock.instant(), report.problems(), null));
    }

    /** A verification that could not run to its end (storage down, no key); {@code error} is shown as it is. */
    public void failed(String backupId, String level, String error) {
        put(backupId, new Result(false, level, clock.instant(), List.of(), error));
    }

    private void put(String backupId, Result result) {
        synchronized (results) {
            results.remove(backupId); // re-inserted as the newest
            results.put(backupId, result);
        }
    }

    public Optional<Result> last(String backupId) {
        synchronized (results) {
            return Optional.ofNullable(results.get(backupId));
        }
    }
}
