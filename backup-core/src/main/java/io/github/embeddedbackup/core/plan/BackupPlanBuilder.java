package io.github.embeddedbackup.core.plan;

import io.github.embeddedbackup.core.BackupDestination;
import io.github.embeddedbackup.core.BackupLabels;
import io.github.embeddedbackup.core.BackupOptions;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.retention.RetentionPolicy;
import io.github.embeddedbackup.core.source.BackupSource;
import io.github.embeddedbackup.core.source.SourceProvider;
import io.github.embeddedbackup.core.source.SourceProviders;
import io.github.embeddedbackup.core.source.SourceSettings;
import io.github.embeddedbackup.core.storage.BackupStorage;
import io.github.embeddedbackup.core.storage.SharedClients;
import io.github.embeddedbackup.core.storage.StorageProviders;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link BackupPlan} from URIs, types and neutral settings through the installed providers.
 * The CLI feeds it flags, the starter properties; neither names a source or storage class. Each
 * method throws the provider's {@link io.github.embeddedbackup.core.BackupConfigurationException};
 * callers put the name of their option or property in front of it.
 *
 * @since 0.2.0
 */
public final class BackupPlanBuilder {

    private final SourceProviders sourceProviders;
    private final StorageProviders storageProviders;
    private final List<BackupSource> sources = new ArrayList<>();
    private final List<BackupPlan.Destination> destinations = new ArrayList<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private BackupOptions options = BackupOptions.defaults();

    public BackupPlanBuilder(SourceProviders sourceProviders, StorageProviders storageProviders) {
        this.sourceProviders = sourceProviders;
        this.storageProviders = storageProviders;
    }

    /** With the providers on the class path. */
    public static BackupPlanBuilder installed() {
        return new BackupPlanBuilder(SourceProviders.installed(), StorageProviders.installed());
    }

    /**
     * Adds the source a URI names.
     *
     * @param name its name, or null for the provider's default (the database, file or folder name)
     */
    public BackupSource source(@Nullable String name, String uri, SourceSettings settings) {
        SourceProvider provider = sourceProviders.forUri(uri);
        BackupSource source = provider.source(name == null || name.isBlank() ? provider.defaultName(uri) : name.strip(), uri.strip(), settings);
        sources.add(source);
        return source;
    }

    /** Adds a source built elsewhere (a {@code BackupSource} bean of the application). */
    public BackupPlanBuilder source(BackupSource source) {
        sources.add(source);
        return this;
    }

    /** Opens a storage of {@code type} with {@code settings} (checked against the provider's setting names). */
    public BackupStorage storage(String type, Map<String, String> settings, SharedClients shared) {
        return storageProviders.open(type, settings, shared);
    }

    /**
     * Opens the storage a URI names ({@code s3://bucket/prefix}, {@code file:/folder}, a plain folder path),
     * with further settings besides those of the URI.
     */
    public BackupStorage storage(String uri, Map<String, String> extraSettings) {
        StorageProviders.StorageLocation location = storageProviders.parse(uri);
        Map<String, String> settings = new LinkedHashMap<>(extraSettings);
        settings.putAll(location.settings());
        return storageProviders.open(location.provider().type(), settings, SharedClients.none());
    }

    /** Adds a destination; the first one added is the primary. */
    public BackupPlanBuilder destination(String name, BackupStorage storage, boolean required, @Nullable RetentionPolicy retention) {
        destinations.add(new BackupPlan.Destination(new BackupDestination(name, new BackupRepository(storage), required), retention));
        return this;
    }

    public BackupPlanBuilder options(BackupOptions newOptions) {
        this.options = newOptions;
        return this;
    }

    /** Labels every backup of the plan carries (checked by the rule the API and CLI share). */
    public BackupPlanBuilder labels(Map<String, String> newLabels) {
        BackupLabels.check(newLabels);
        labels.putAll(newLabels);
        return this;
    }

    public BackupPlan build() {
        return new BackupPlan(sources, destinations, options, labels);
    }
}
