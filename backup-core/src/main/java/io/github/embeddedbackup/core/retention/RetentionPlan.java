package io.github.embeddedbackup.core.retention;

import java.util.List;

/**
 * The outcome of a retention policy: what stays (with every reason it stays) and what goes.
 *
 * @param keep kept backups, newest first
 * @param delete backups to delete, newest first, each with why it goes
 */
public record RetentionPlan(List<Decision> keep, List<Decision> delete) {

    public RetentionPlan {
        keep = List.copyOf(keep);
        delete = List.copyOf(delete);
    }

    /**
     * One backup and the reasons for its fate.
     *
     * @param backup the backup
     * @param reasons e.g. {@code "last 3"}, {@code "daily 2026-11-21"}, {@code "newest backup"}; for deletion, why
     */
    public record Decision(BackupSummary backup, List<String> reasons) {

        public Decision {
            reasons = List.copyOf(reasons);
        }
    }
}
