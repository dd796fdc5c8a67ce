package io.github.embeddedbackup.core;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Root of every error this library throws. The message is written for the person operating the
 * backup: what failed, which backup or source, the likely cause and what to do. It never contains a
 * password, key or token.
 */
public class BackupException extends RuntimeException {

    private final Set<Remedy> remedies = EnumSet.noneOf(Remedy.class);

    public BackupException(String message) {
        super(message);
    }

    public BackupException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

    /** Records the settings that would get past this error, for the caller to name in its own words. */
    public BackupException withRemedies(Remedy... remedies) {
        this.remedies.addAll(List.of(remedies));
        return this;
    }

    /** The settings that would get past this error (CLI options, properties), named by the caller. */
    public Set<Remedy> remedies() {
        return Collections.unmodifiableSet(remedies);
    }
}
