package io.github.embeddedbackup.autoconfigure.properties;

import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Retries of failed scheduled backups ({@code backup.retry.*}).
 *
 * @param maxAttempts Attempts of a scheduled backup, the first included. 1: no retry.
 * @param initialBackoff Wait before the first retry; doubled for each further one.
 */
public record RetryProperties(@DefaultValue("3") int maxAttempts, @DefaultValue("1m") Duration initialBackoff) {

    public RetryProperties {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("backup.retry.max-attempts must be at least 1");
        }
        if (initialBackoff == null || initialBackoff.isNegative()) {
            throw new IllegalArgumentException("backup.retry.initial-backoff must be zero or positive, e.g. 1m");
        }
    }
}
