package io.github.embeddedbackup.autoconfigure;

import io.github.embeddedbackup.runtime.BackupJob;
import org.springframework.context.ApplicationEvent;

/** Spring events for backup runs; listen with {@code @EventListener}. The source is the {@link BackupJob}. */
public abstract class BackupEvent extends ApplicationEvent {

    BackupEvent(BackupJob job) {
        super(job);
    }

    public BackupJob job() {
        return (BackupJob) getSource();
    }

    /** A backup started. */
    public static final class Started extends BackupEvent {
        Started(BackupJob job) {
            super(job);
        }
    }

    /** A backup finished and is complete; {@link BackupJob#backupId()} names it. */
    public static final class Succeeded extends BackupEvent {
        Succeeded(BackupJob job) {
            super(job);
        }
    }

    /** A backup failed; {@link BackupJob#error()} says why. Nothing of it is listed. */
    public static final class Failed extends BackupEvent {
        Failed(BackupJob job) {
            super(job);
        }
    }
}
