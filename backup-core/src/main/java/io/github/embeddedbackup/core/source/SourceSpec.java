package io.github.embeddedbackup.core.source;

/**
 * A source as configured: its name, the URI that names it and its settings. Kept beside the built
 * {@link BackupSource} so that what it names can also be restored into (in place) through the same provider.
 *
 * @since 0.2.0
 */
public record SourceSpec(String name, String uri, SourceSettings settings) {

    /** The installed provider that takes the URI. */
    public SourceProvider provider() {
        return SourceProviders.installed().forUri(uri);
    }

    @Override
    public String toString() {
        return "SourceSpec[name=" + name + ", uri=" + SourceProviders.installed().redact(uri) + ", settings=" + settings + "]";
    }
}
