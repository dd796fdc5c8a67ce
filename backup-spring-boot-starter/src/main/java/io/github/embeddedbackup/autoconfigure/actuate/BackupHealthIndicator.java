package io.github.embeddedbackup.autoconfigure.actuate;

import io.github.embeddedbackup.autoconfigure.BackupHealthCheck;
import io.github.embeddedbackup.autoconfigure.BackupScheduler;
import io.github.embeddedbackup.runtime.BackupService;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.github.embeddedbackup.runtime.BackupDrillService;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * {@code backup}: UP while the newest complete backup is younger than {@code backup.health.max-age}
 * the last run did not fail and no newer backup has a manifest that cannot be read; DOWN otherwise. The newest backup is read from the storage (cached for a
 * minute), so deleted backups show. Until a backup exists, the age counts from the first start ever
 * seen in the storage, so a fresh installation is not DOWN before its first scheduled run could be,
 * and a crash loop that never backs up is.
 * Details never hold a secret.
 */
public class BackupHealthIndicator extends AbstractHealthIndicator {

    private static final Logger logger = LoggerFactory.getLogger(BackupHealthIndicator.class);

    private final BackupHealthCheck check;
    private final Status down;
    private volatile boolean wasDown;

    /**
     * What the component reports instead of DOWN when it must not affect the overall health
     * ({@code backup.health.affects-overall=false}): the aggregate ignores a status outside its order,
     * {@code /actuator/health/backup} answers 503 for it ({@link BackupHealthGroups}).
     */
    public static final Status BACKUP_DOWN = new Status("BACKUP_DOWN", "backups are failing or stale; the application itself is not affected");

    /** Reports DOWN, which turns the overall health DOWN. */
    public BackupHealthIndicator(BackupService service, @Nullable BackupScheduler scheduler, Duration maxAge, Clock clock) {
        this(service, scheduler, maxAge, clock, true);
    }

    /** @param affectsOverall DOWN when true, else {@link #BACKUP_DOWN} */
    public BackupHealthIndicator(BackupService service, @Nullable BackupScheduler scheduler, Duration maxAge, Clock clock,
            boolean affectsOverall) {
        this(service, scheduler, maxAge, clock, affectsOverall, null);
    }

    /** @param drills whose last drill is shown as {@code lastDrill} (never changing the status), or null */
    public BackupHealthIndicator(BackupService service, @Nullable BackupScheduler scheduler, Duration maxAge, Clock clock,
            boolean affectsOverall, @Nullable BackupDrillService drills) {
        super("Backup health check failed");
        this.check = new BackupHealthCheck(service, scheduler, maxAge, clock, drills);
        this.down = affectsOverall ? Status.DOWN : BACKUP_DOWN;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        BackupHealthCheck.Assessment assessment = check.assess();
        switch (assessment.state()) {
            case UNKNOWN -> builder.unknown();
            case UP -> {
                builder.up();
                wasDown = false;
            }
            case DOWN -> {
                builder.status(down);
                if (!wasDown) {
                    logger.warn("Backup health is DOWN: {}", assessment.reason());
                    wasDown = true;
                }
            }
        }
        builder.withDetails(assessment.details());
    }
}
