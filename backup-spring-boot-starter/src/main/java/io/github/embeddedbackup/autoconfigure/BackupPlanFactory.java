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
import io.github.embeddedbackup.runtime.BackupSchedule;
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

    /** Whether backup.schedule was set (not left at its default), asked of the Environment. */
    private final boolean scheduleSet;
    /** The names under backup.schedules as the property sources spell them (before Spring folds their case). */
    private final Set<String> scheduleNamesAsWritten;

    BackupPlanFactory(BackupProperties properties, Function<String, Map<String, String>> settingsUnder, SharedClients shared,
            ClassLoader classLoader) {
        this(properties, settingsUnder, shared, classLoader, false, Set.of());
    }

    BackupPlanFactory(BackupProperties properties, Function<String, Map<String, String>> settingsUnder, SharedClients shared,
            ClassLoader classLoader, boolean scheduleSet, Set<String> scheduleNamesAsWritten) {
        this.scheduleSet = scheduleSet;
        this.scheduleNamesAsWritten = Set.copyOf(scheduleNamesAsWritten);
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
        BackupPlan built = plan.build();
        List<BackupSchedule> schedules = schedules(built);
        return new ConfiguredPlan(withScheduleRetention(built), configured, skipped, schedules);
    }

    private static final java.util.regex.Pattern SCHEDULE_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /**
     * The schedules: {@code backup.schedule} as the schedule {@value BackupSchedule#DEFAULT} (left out at its
     * default value when {@code backup.schedules} has entries, so that naming schedules does not keep a hidden
     * 02:00 one), then each of {@code backup.schedules.*}, checked against the plan's sources and destinations.
     */
    List<BackupSchedule> schedules(BackupPlan plan) {
        List<BackupSchedule> schedules = new java.util.ArrayList<>();
        java.time.ZoneId zone = properties.effectiveZone();
        boolean named = !properties.schedules().isEmpty();
        if (!properties.schedule().isEmpty() && (!named || scheduleSet)) {
            if (properties.schedules().containsKey(BackupSchedule.DEFAULT)) {
                throw new BackupPropertyException("backup.schedules.default", "both backup.schedule and backup.schedules.default are set, "
                        + "and backup.schedule is the schedule named 'default'.", "remove one of them", null);
            }
            schedules.add(new BackupSchedule(BackupSchedule.DEFAULT, properties.schedule(), zone, List.of(), List.of(),
                    properties.health().maxAge()));
        }
        List<String> sourceNames = plan.sources().stream().map(BackupSource::name).toList();
        List<String> destinationNames = plan.destinations().stream().map(BackupPlan.Destination::name).toList();
        properties.schedules().forEach((name, schedule) -> {
            String prefix = "backup.schedules." + name;
            if (!SCHEDULE_NAME.matcher(name).matches()) {
                throw new BackupPropertyException(prefix, "'" + name + "' cannot name a schedule: it becomes the label schedule=" + name + ".",
                        "use letters, digits, '-' and '_' (e.g. hourly, daily, monthly)", null);
            }
            if (schedule.cron().isEmpty()) {
                throw new BackupPropertyException(prefix + ".cron", "schedule '" + name + "' has no cron.",
                        "set it, e.g. " + prefix + ".cron=\"0 0 * * * *\" for every hour, or remove " + prefix, null);
            }
            if (!schedule.validCron()) {
                throw new BackupPropertyException(prefix + ".cron", "'" + schedule.cron() + "' is not a valid Spring cron expression.",
                        "use six fields, second minute hour day-of-month month day-of-week, e.g. \"0 0 * * * *\" for every hour, "
                                + "\"0 0 3 1 * *\" for 03:00 on the first of each month", null);
            }
            checkNamed(prefix + ".sources", schedule.sources(), sourceNames, "source");
            checkNamed(prefix + ".destinations", schedule.destinations(), destinationNames, "destination");
            java.time.Duration maxAge = schedule.maxAge() != null ? schedule.maxAge()
                    : Crons.interval(schedule.cron(), zone, java.time.Instant.now()).plusHours(1);
            schedules.add(new BackupSchedule(name, schedule.cron(), zone, schedule.sources(), schedule.destinations(), maxAge));
        });
        return schedules;
    }

    private static void checkNamed(String property, List<String> names, List<String> known, String what) {
        for (String name : names) {
            if (!known.contains(name)) {
                String nearest = Typos.nearest(name, new java.util.HashSet<>(known));
                throw new BackupPropertyException(property, "there is no " + what + " named '" + name + "'"
                        + (nearest == null ? "." : " (did you mean '" + nearest + "'?)."), "use " + (known.size() == 1 ? "" : "some of ")
                        + known + ", or leave it empty for all", null);
            }
        }
    }

    /** Adds each schedule's own retention ({@code backup.schedules.NAME.retention.*}) to the destinations it writes to. */
    private BackupPlan withScheduleRetention(BackupPlan plan) {
        List<BackupPlan.Destination> destinations = new java.util.ArrayList<>(plan.destinations());
        properties.schedules().forEach((name, schedule) -> {
            if (schedule.retention() == null) {
                return;
            }
            RetentionPolicy configured = retention(schedule.retention(), "backup.schedules." + name + ".retention");
            // Off or without rules: every backup of this schedule is kept, and the destination's policy stays off them too.
            RetentionPolicy policy = configured != null ? configured
                    : new RetentionPolicy(Integer.MAX_VALUE, 0, 0, 0, 0, 0, null, null, properties.effectiveZone());
            for (int i = 0; i < destinations.size(); i++) {
                BackupPlan.Destination destination = destinations.get(i);
                if (schedule.destinations().isEmpty() || schedule.destinations().contains(destination.name())) {
                    destinations.set(i, destination.withLabelled(new io.github.embeddedbackup.core.retention.LabelledRetention(
                            BackupSchedule.LABEL, name, policy)));
                }
            }
        });
        return plan.withDestinations(destinations);
    }

    private static final Set<String> SOURCE_SETTINGS = Set.of("type", "url", "username", "password", "path", "includes", "excludes",
            "dump-tool", "restore-tool", "pg-dump-path", "options");
    private static final Set<String> SCHEDULE_SETTINGS = Set.of("cron", "sources", "retention", "destinations", "max-age");
    private static final Set<String> RETENTION_SETTINGS = Set.of("enabled", "keep-last", "keep-hourly", "keep-daily", "keep-weekly",
            "keep-monthly", "keep-yearly", "keep-within", "max-total-size");
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
        Map<String, String> scheduleNames = new java.util.HashMap<>();
        for (String name : scheduleNamesAsWritten) {
            // Spring reads property names case-insensitively: 'Hourly' and 'hourly' would silently become one schedule.
            String other = scheduleNames.putIfAbsent(Typos.plain(name), name);
            if (other != null && !other.equals(name)) {
                throw new BackupPropertyException("backup.schedules." + name, "the schedules '" + other + "' and '" + name
                        + "' differ only in case or punctuation, which Spring's property names do not tell apart.",
                        "give each schedule a name of its own (e.g. hourly, daily)", null);
            }
        }
        entries("backup.schedules").forEach(name -> {
            checkNames("backup.schedules." + name, SCHEDULE_SETTINGS, "a schedule");
            checkNames("backup.schedules." + name + ".retention", RETENTION_SETTINGS, "retention");
        });
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
