package io.github.embeddedbackup.autoconfigure.properties;

import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.scheduling.support.CronExpression;

/**
 * Settings of the embedded backup, under {@code backup.*}.
 *
 * @param enabled Whether backups are enabled at all.
 * @param schedule When to back up, as a Spring cron expression (second minute hour day month weekday). Empty: no schedule.
 * @param zone Time zone of the schedule and of the retention calendar. Defaults to the system time zone.
 * @param catchUp Whether to back up at start-up when the last scheduled backup was missed (or there is none yet).
 * @param shutdownTimeout How long shutdown waits for a running backup before aborting it (an aborted backup leaves nothing
 *     listed); the abort takes at most 2 s more. Zero or positive.
 * @param datasource The application's own DataSource as a backup source.
 * @param sources Further named sources: other databases and directories.
 * @param storage Where backups are stored.
 * @param mirrors Further destinations that receive every backup in the same pass (e.g. an off-site copy), each with its own retention.
 * @param compression Compression of the archive.
 * @param encryption Encryption of the archive.
 * @param retention Which backups to keep; applied after each successful backup.
 * @param health The 'backup' health indicator.
 * @param retry Retries of failed scheduled backups.
 * @param restore Restores started through the REST API.
 * @param api The REST API (/api/backup).
 * @param ui The admin web console (/backup-ui/), on top of the REST API.
 * @param notifications Alerts: Slack, Teams, a signed webhook, e-mail and a heartbeat.
 * @param drill Restore drills: the latest backup restored into a scratch place and checked, on a schedule or through the REST API.
 * @param schedules Further named schedules, each with its own cron, sources, destinations and retention (e.g. hourly, daily, monthly).
 *     backup.schedule is the schedule named 'default'.
 * @param cluster Several instances sharing one storage: each scheduled slot runs in one of them.
 */
@ConfigurationProperties("backup")
public record BackupProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("0 0 2 * * *") String schedule,
        @Nullable ZoneId zone,
        @DefaultValue("true") boolean catchUp,
        @DefaultValue("20s") Duration shutdownTimeout,
        @NestedConfigurationProperty @DefaultValue DataSourceSourceProperties datasource,
        @Nullable Map<String, SourceProperties> sources,
        @NestedConfigurationProperty @DefaultValue StorageProperties storage,
        @Nullable Map<String, MirrorProperties> mirrors,
        @NestedConfigurationProperty @DefaultValue CompressionProperties compression,
        @NestedConfigurationProperty @DefaultValue EncryptionProperties encryption,
        @NestedConfigurationProperty @DefaultValue RetentionProperties retention,
        @NestedConfigurationProperty @DefaultValue HealthProperties health,
        @NestedConfigurationProperty @DefaultValue RetryProperties retry,
        @NestedConfigurationProperty @DefaultValue RestoreProperties restore,
        @NestedConfigurationProperty @DefaultValue ApiProperties api,
        @NestedConfigurationProperty @DefaultValue UiProperties ui,
        @NestedConfigurationProperty @DefaultValue NotificationProperties notifications,
        @NestedConfigurationProperty @DefaultValue DrillProperties drill,
        @Nullable Map<String, ScheduleProperties> schedules,
        @NestedConfigurationProperty @DefaultValue ClusterProperties cluster) {

    public BackupProperties {
        schedule = schedule == null ? "" : schedule.trim();
        if (!schedule.isEmpty() && !CronExpression.isValidExpression(schedule)) {
            throw new IllegalArgumentException("backup.schedule: '" + schedule + "' is not a valid Spring cron expression. It has six fields, "
                    + "second minute hour day-of-month month day-of-week, e.g. \"0 0 2 * * *\" for 02:00 every day");
        }
        if (shutdownTimeout == null || shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("backup.shutdown-timeout must be zero or positive (e.g. 30s; 0 aborts a running backup at "
                    + "once); a negative value is not allowed");
        }
        sources = sources == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sources));
        mirrors = mirrors == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(mirrors));
        schedules = schedules == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(schedules));
    }

    /** Every default, as an application without any backup.* property gets them. */
    public static BackupProperties defaults() {
        return PropertiesBinding.bind(Map.of());
    }

    /** The zone in force: the configured one or the system's. */
    public ZoneId effectiveZone() {
        return zone != null ? zone : ZoneId.systemDefault();
    }
}
