package io.github.embeddedbackup.core.source;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Turns a URI and neutral {@link SourceSettings} into the objects that back up and restore one kind
 * of data (PostgreSQL, SQLite, MySQL/MariaDB, folders, …). Found through {@link java.util.ServiceLoader}:
 * a new kind of source is a class implementing this plus a line in
 * {@code META-INF/services/io.github.embeddedbackup.core.source.SourceProvider}; the CLI and the
 * starter take it without a change of theirs.
 *
 * <p>Implementations are stateless and cheap to create. Every method that takes a URI may throw
 * {@link io.github.embeddedbackup.core.BackupConfigurationException} with a message that names the
 * fault in the URI (never its password).
 *
 * @since 0.2.0
 */
public interface SourceProvider {

    /** The type recorded in manifests ({@code postgresql}, {@code sqlite}, {@code files}, {@code mysql}). */
    String type();

    /** URI prefixes this provider takes, lower case, e.g. {@code jdbc:postgresql:}. */
    List<String> prefixes();

    /** One example URI per accepted form, for messages, e.g. {@code jdbc:postgresql://host:5432/db}. */
    List<String> examples();

    /** Whether this provider takes {@code uri}. */
    default boolean supports(String uri) {
        String lower = uri.strip().toLowerCase(Locale.ROOT);
        return prefixes().stream().anyMatch(lower::startsWith);
    }

    /** Whether this provider restores a source that a manifest records with {@code sourceType}. */
    default boolean restores(String sourceType) {
        return type().equals(sourceType);
    }

    /** The URI without a password, for logs and messages. */
    String redact(String uri);

    /** A corrected URI for a likely typo of this provider's form ({@code jdbc:postgres://…}), or null. */
    default @Nullable String suggestion(String uri) {
        return null;
    }

    /** The name a source gets when the user gives none: the database or the file's base name. */
    String defaultName(String uri);

    /** The source that backs up what {@code uri} names. Checks the URI, not the server. */
    BackupSource source(String name, String uri, SourceSettings settings);

    /** A target for restoring into what {@code uri} names, typically a new database or file. */
    RestoreTarget target(String uri, SourceSettings settings);

    /**
     * What {@code uri} names as a place that already holds live data: restoring there replaces it, so it
     * is backed up first. Used for restoring an application's own database in place.
     */
    ExistingTarget existing(String name, String uri, SourceSettings settings);

    /**
     * A new, private place beside what {@code uri} names, for a restore drill: a scratch database on the
     * same server, or a temporary file or folder. Nothing exists until a restore creates it; closing the
     * scratch target removes it. Providers without drills keep this default, which refuses with a clear message.
     */
    default ScratchTarget scratch(String uri, SourceSettings settings) {
        throw new UnsupportedOperationException("Sources of type '" + type() + "' cannot be drilled: their provider has no scratch target.");
    }
}
