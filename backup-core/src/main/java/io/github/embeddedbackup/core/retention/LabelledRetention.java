package io.github.embeddedbackup.core.retention;

import io.github.embeddedbackup.core.manifest.Manifest;

/**
 * A retention policy for the backups that carry one label (e.g. {@code schedule=hourly}): they are kept or
 * deleted by this policy only, and the destination's own policy leaves them alone.
 *
 * @param label the label's name
 * @param value the label's value
 * @param policy which of those backups to keep
 * @since 0.3.0
 */
public record LabelledRetention(String label, String value, RetentionPolicy policy) {

    public LabelledRetention {
        if (label.isBlank() || value.isBlank()) {
            throw new IllegalArgumentException("A labelled retention needs a label name and value, e.g. schedule=hourly");
        }
    }

    /** Whether this policy, not the destination's, decides about {@code backup}. */
    public boolean covers(Manifest backup) {
        return value.equals(backup.labels().get(label));
    }

    @Override
    public String toString() {
        return label + "=" + value + ": " + policy;
    }
}
