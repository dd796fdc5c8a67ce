package io.github.embeddedbackup.core.source;

import io.github.embeddedbackup.core.BackupConfigurationException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * No installed {@link SourceProvider} takes a URI. The message is a sentence without the name of the
 * option or property that held the URI; callers put theirs in front ({@code --source}, {@code backup.sources.x.url}).
 *
 * @since 0.2.0
 */
public class UnsupportedSourceException extends BackupConfigurationException {

    private final String redactedUri;
    private final @Nullable String reason;
    private final @Nullable String suggestion;
    private final List<String> acceptedForms;

    public UnsupportedSourceException(String redactedUri, @Nullable String reason, @Nullable String suggestion, List<String> acceptedForms) {
        super("'" + redactedUri + "' is not a source this installation can back up"
                + (reason == null ? "" : ": " + reason)
                + (suggestion == null ? "" : " (did you mean " + suggestion + "?)")
                + ". Accepted forms: " + String.join(", ", acceptedForms) + ".");
        this.redactedUri = redactedUri;
        this.reason = reason;
        this.suggestion = suggestion;
        this.acceptedForms = List.copyOf(acceptedForms);
    }

    /** The URI as given, without its password. */
    public String redactedUri() {
        return redactedUri;
    }

    /** Why no provider takes it, when known (an embedded database, a kind with no provider installed), or null. */
    public @Nullable String reason() {
        return reason;
    }

    /** The URI the user probably meant, or null. */
    public @Nullable String suggestion() {
        return suggestion;
    }

    /** One example per form the installed providers accept. */
    public List<String> acceptedForms() {
        return acceptedForms;
    }
}
