package io.github.embeddedbackup.autoconfigure.properties;

import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The 'backup' health indicator ({@code backup.health.*}).
 *
 * @param maxAge The 'backup' health is DOWN when the last successful backup is older than this.
 * @param affectsOverall Whether a failed or stale backup turns the overall /actuator/health DOWN (503). Off: the component
 *     reports BACKUP_DOWN, /actuator/health/backup answers 503, the application stays UP.
 */
public record HealthProperties(@DefaultValue("25h") Duration maxAge, boolean affectsOverall) {

    public HealthProperties {
        if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("backup.health.max-age must be a positive duration, e.g. 25h");
        }
    }
}
