package io.github.embeddedbackup.runtime;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * One schedule: when it backs up which sources to which destinations. Its backups carry the label
 * {@code schedule=<name>}; the schedule {@value #DEFAULT} ({@code backup.schedule}) also owns the backups
 * without that label (manual ones, and those made before schedules had names).
 *
 * @param name its name, the value of the {@code schedule} label
 * @param cron a Spring cron expression (six fields), read by the scheduler
 * @param zone the zone the cron is read in
 * @param sources the sources it backs up; empty for all
 * @param destinations the destinations it writes to; empty for all
 * @param maxAge its health is DOWN when its newest backup is older than this
 */
public record BackupSchedule(String name, String cron, ZoneId zone, List<String> sources, List<String> destinations, Duration maxAge) {

    /** The name of the schedule {@code backup.schedule} makes. */
    public static final String DEFAULT = "default";
    /** The label every scheduled backup carries, with the schedule's name. */
    public static final String LABEL = "schedule";

    public BackupSchedule {
        sources = List.copyOf(sources);
        destinations = List.copyOf(destinations);
    }

    /** Whether {@code labels} are those of a backup of this schedule. */
    public boolean owns(Map<String, String> labels) {
        String label = labels.get(LABEL);
        return name.equals(label) || (label == null && DEFAULT.equals(name));
    }

    /** The label this schedule's backups carry. */
    public Map<String, String> labels() {
        return Map.of(LABEL, name);
    }
}
