package io.github.embeddedbackup.autoconfigure;

import io.github.embeddedbackup.autoconfigure.properties.BackupProperties;
import io.github.embeddedbackup.autoconfigure.properties.BackupPropertyException;
import io.github.embeddedbackup.autoconfigure.properties.SourceProperties;
import io.github.embeddedbackup.autoconfigure.properties.RetentionProperties;
import io.github.embeddedbackup.autoconfigure.properties.DataSourceSourceProperties;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.BackupOptions;
import io.github.embeddedbackup.core.plan.BackupPlan;
import io.github.embeddedbackup.core.plan.BackupPlanBuilder;
import io.github.embeddedbackup.core.retention.RetentionPolicy;
import io.github.embeddedbackup.core.source.BackupSource;
import io.github.embeddedbackup.core.source.SourceProviders;
import io.github.embeddedbackup.core.source.SourceSettings;
import io.github.embeddedbackup.core.source.SourceSpec;
import io.github.embeddedbackup.core.source.UnsupportedSourceException;
import io.github.embeddedbackup.core.storage.BackupStorage;
import io.github.embeddedbackup.core.storage.InvalidStorageSettingException;
import io.github.embeddedbackup.core.storage.SharedClients;
import io.github.embeddedbackup.core.storage.StorageProviders;
import io.github.embeddedbackup.core.storage.UnknownStorageTypeException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import io.github.embeddedbackup.core.Typos;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Builds the {@link BackupPlan} from properties, as the CLI builds it from flags: sources from
 * {@code backup.datasource} and {@code backup.sources.*}, destinations from {@code backup.storage}
 * and {@code backup.mirrors.*}, all through the installed providers. Names no source or storage class;
 * every provider error is put in front of the property that caused it.
 */
final class BackupPlanFactory {

    private final BackupProperties properties;
    /** The settings under a prefix ({@code backup.storage.s3}) as a flat map; read from the Environment. */
    private final Function<String, Map<String, String>> settingsUnder;
    private final SharedClients shared;
    /** The providers the application's class loader sees. */
    private final SourceProviders sourceProviders;
    private final StorageProviders storageProviders;

    BackupPlanFactory(BackupProperties properties, Function<String, Map<String, String>> settingsUnder, SharedClients shared,
            ClassLoader classLoader) {
        this.properties = properties;
        this.settingsUnder = settingsUnder;
        this.shared = shared;
        this.sourceProviders = SourceProviders.load(classLoader);
        this.storageProviders = StorageProviders.load(classLoader);
    }

    private BackupPlanBuilder builder() {
        return new BackupPlanBuilder(sourceProviders, storageProviders);
    }

    /**
     * @param dataSource the application's DataSource URL, user and password, or null when it has none
     * @param beans sources the application defines as beans
     */
    ConfiguredPlan create(@Nullable DataSourceSettings dataSource, List<BackupSource> beans, BackupStorage primary, BackupOptions options) {
        checkSettingNames();
        BackupPlanBuilder plan = builder().options(options);
        Map<String, ConfiguredPlan.ConfiguredSource> configured = new LinkedHashMap<>();
        String skipped = null;
        DataSourceSourceProperties own = properties.datasource();
        if (own.enabled() && dataSource != null) {
            String url = dataSource.url();
            String reason = url == null ? "spring.datasource.url is not set (an embedded database such as H2, or a DataSource the "
                    + "application builds itself), so the starter cannot tell which database it is" : unsupported(url);
            if (reason == null) {
                SourceSettings settings = SourceSettings.none().withCredentials(dataSource.username(), dataSource.password())
                        .withTools(own.effectiveDumpTool(), own.restoreTool());
                add(plan, configured, new SourceSpec(own.name(), url, settings), "backup.datasource", "spring.datasource.url",
                        own.pgDumpPath() != null && own.dumpTool() == null);
            } else {
                skipped = "The application's DataSource" + (url == null ? "" : " (" + SourceProviders.installed().redact(url) + ")")
                        + " is not backed up: " + reason + ".";
            }
        }
        for (Map.Entry<String, SourceProperties> entry : properties.sources().entrySet()) {
            String prefix = "backup.sources." + entry.getKey();
            SourceProperties source = entry.getValue();
            add(plan, configured, spec(entry.getKey(), source, prefix), prefix, uriProperty(source, prefix),
                    source.pgDumpPath() != null && source.dumpTool() == null);
        }
        beans.forEach(plan::source);
        destinations(plan, primary);
        return new ConfiguredPlan(plan.build(), configured, skipped);
    }

    private static final Set<String> SOURCE_SETTINGS = Set.of("type", "url", "username", "password", "path", "includes", "excludes",
            "dump-tool", "restore-tool", "pg-dump-path", "options");
    private static final Set<String> DATASOURCE_SETTINGS = Set.of("enabled", "name", "dump-tool", "restore-tool", "pg-dump-path");

    /**
     * Spring ignores a property no field takes; for a backup that silently drops what the user meant
     * ({@code backup.sources.uploads.pth} backs nothing up). So every name under a source, target,
     * the DataSource and a mirror must be one of theirs, or start-up stops naming the nearest.
     */
    private void checkSettingNames() {
        // Named from the environment, not the bound map: an entry whose only name is misspelt binds nothing and is missing there.
        entries("backup.sources").forEach(name -> checkNames("backup.sources." + name, SOURCE_SETTINGS, "a source"));
        entries("backup.restore.targets").forEach(name -> checkNames("backup.restore.targets." + name, SOURCE_SETTINGS,
                "a restore target"));
        checkNames("backup.datasource", DATASOURCE_SETTINGS, "backup.datasource");
        properties.mirrors().forEach((name, mirror) -> {
            Set<String> allowed = new java.util.HashSet<>(Set.of("type", "local", "required", "retention"));
            allowed.add(mirror.type().strip().toLowerCase(Locale.ROOT)); // its storage's settings
            checkNames("backup.mirrors." + name, allowed, "a mirror of type " + mirror.type());
        });
    }

    /** The entry names of a map property, e.g. {@code uploads} of {@code backup.sources.uploads.path}. */
    private Set<String> entries(String prefix) {
        Set<String> names = new java.util.LinkedHashSet<>();
        settingsUnder.apply(prefix).keySet().forEach(key -> names.add(key.split("[.\\[]", 2)[0]));
        return names;
    }

    private void checkNames(String prefix, Set<String> allowed, String what) {
        for (String key : settingsUnder.apply(prefix).keySet()) {
            String first = key.split("[.\\[]", 2)[0];
            if (allowed.stream().noneMatch(name -> Typos.plain(name).equals(Typos.plain(first)))) {
                String nearest = Typos.nearest(first, allowed);
                throw new BackupPropertyException(prefix + "." + first, "'" + first + "' is not a setting of " + what
                        + (nearest == null ? "." : " (did you mean '" + nearest + "'?)."), "use one of " + new java.util.TreeSet<>(allowed), null);
            }
        }
    }

    /** Why a JDBC URL cannot be backed up, or null when an installed provider takes it. */
    private @Nullable String unsupported(String url) {
        try {
            sourceProviders.forUri(url);
            return null;
        } catch (UnsupportedSourceException e) {
            String forms = String.join(", ", e.acceptedForms());
            return e.reason() != null ? e.reason() + " (accepted: " + forms + ")" : "only these can be backed up: " + forms;
        }
    }

    /** A source from {@code backup.sources.<name>.*}: a directory ({@code path}) or a URL. */
    static SourceSpec spec(String name, SourceProperties source, String prefix) {
        String type = source.type() == null ? null : source.type().toLowerCase(Locale.ROOT);
        SourceSettings settings = SourceSettings.none().withCredentials(source.username(), source.password())
                .withTools(source.effectiveDumpTool(), source.restoreTool())
                .withPatterns(source.includes(), source.excludes()).withExtra(source.options());
        if ("files".equals(type) || (type == null && source.path() != null && source.url() == null)) {
            if (source.path() == null || source.path().isBlank()) {
                throw new BackupPropertyException(prefix + ".path", "a files source needs the directory to back up.",
                        "set it, e.g. " + prefix + ".path=/var/lib/app/uploads", null);
            }
            return new SourceSpec(name, "file:" + source.path(), settings);
        }
        if (source.url() == null || source.url().isBlank()) {
            throw new BackupPropertyException(prefix + ".url", "source '" + name + "' has neither a url nor a path.",
                    "set " + prefix + ".url to one of " + String.join(", ", SourceProviders.installed().examples()) + ", or "
                            + prefix + ".path=/dir for a directory", null);
        }
        return new SourceSpec(name, source.url(), settings);
    }

    private static String uriProperty(SourceProperties source, String prefix) {
        return source.url() == null ? prefix + ".path" : prefix + ".url";
    }

    private static void add(BackupPlanBuilder plan, Map<String, ConfiguredPlan.ConfiguredSource> configured, SourceSpec spec, String prefix,
            String uriProperty, boolean formerToolName) {
        try {
            plan.source(spec.name(), spec.uri(), spec.settings());
        } catch (UnsupportedSourceException e) {
            // The message says it all; no cause, so that the failure analysis shows the property, not the core exception.
            throw new BackupPropertyException(uriProperty, e.getMessage(), "use one of the accepted forms, or "
                    + (prefix.equals("backup.datasource") ? "set backup.datasource.enabled=false" : "remove " + prefix), null);
        } catch (BackupConfigurationException e) {
            throw new BackupPropertyException(uriProperty, e.getMessage(), "correct it, or " + (prefix.equals("backup.datasource")
                    ? "set backup.datasource.enabled=false" : "remove " + prefix), null);
        }
        configured.put(spec.name(), new ConfiguredPlan.ConfiguredSource(spec, prefix, prefix + (formerToolName ? ".pg-dump-path" : ".dump-tool")));
    }

    /** The storage of backup.storage.type, opened with backup.storage.<type>.* and the application's own clients. */
    BackupStorage primaryStorage() {
        return storage(builder(), properties.storage().type(), "backup.storage", shared);
    }

    private void destinations(BackupPlanBuilder plan, BackupStorage primary) {
        plan.destination("primary", primary, true, retention(properties.retention(), "backup.retention"));
        properties.mirrors().forEach((name, mirror) -> {
            String prefix = "backup.mirrors." + name;
            // A mirror builds clients of its own: the application's client belongs to the primary storage's account.
            plan.destination(name, storage(plan, mirror.type(), prefix, SharedClients.none()), mirror.required(),
                    retention(mirror.retention(), prefix + ".retention"));
        });
    }

    private BackupStorage storage(BackupPlanBuilder plan, String type, String prefix, SharedClients clients) {
        String settingsPrefix = prefix + "." + type.strip().toLowerCase(Locale.ROOT);
        try {
            return plan.storage(type, settingsUnder.apply(settingsPrefix), clients);
        } catch (UnknownStorageTypeException e) {
            throw new BackupPropertyException(prefix + ".type", e.getMessage(), "use one of the installed types ("
                    + String.join(", ", storageProviders.types()) + "), or add the dependency io.github.embeddedbackup:backup-storage-"
                    + e.type() + " (and its SDK)", null);
        } catch (InvalidStorageSettingException e) {
            throw new BackupPropertyException(settingsPrefix + "." + e.setting(), e.problem(), e.fix(), e);
        } catch (BackupConfigurationException e) {
            throw new BackupPropertyException(settingsPrefix, e.getMessage(), "check the settings under " + settingsPrefix, e);
        }
    }

    @Nullable RetentionPolicy retention(RetentionProperties retention, String property) {
        return BackupAutoConfiguration.retention(retention, properties.effectiveZone(), property);
    }

    /**
     * The application's DataSource settings.
     *
     * @param url its JDBC URL
     * @param username its user, if set apart from the URL
     * @param password its password, if set apart from the URL
     */
    record DataSourceSettings(@Nullable String url, @Nullable String username, @Nullable String password) {

        /** A DataSource whose URL is not known (not in spring.datasource.url). */
        static DataSourceSettings unknown() {
            return new DataSourceSettings(null, null, null);
        }

        @Override
        public String toString() {
            return "DataSourceSettings[url=" + (url == null ? null : SourceProviders.installed().redact(url)) + ", username=" + username + "]";
        }
    }
}
