package io.github.embeddedbackup.storage.gdrive;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter for Drive's rate limits and transient failures, as Google's
 * usage-limits guide asks: 1 s, 2 s, 4 s … capped, a random share of each.
 */
final class DriveRetry {

    private final int maxAttempts;
    private final Duration base;
    private final Duration cap;

    DriveRetry(int maxAttempts, Duration base, Duration cap) {
        this.maxAttempts = maxAttempts;
        this.base = base;
        this.cap = cap;
    }

    int maxAttempts() {
        return maxAttempts;
    }

    /** Sleeps before attempt {@code attempt + 1} (attempt counts from 1). */
    void pause(int attempt) throws java.io.InterruptedIOException {
        long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(attempt - 1, 20));
        long millis = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting to retry a Google Drive request");
        }
    }
}
