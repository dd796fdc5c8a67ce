package io.github.embeddedbackup.autoconfigure;

import io.github.embeddedbackup.autoconfigure.properties.BackupProperties;
import io.github.embeddedbackup.autoconfigure.properties.BackupPropertyException;
import io.github.embeddedbackup.autoconfigure.properties.RetentionProperties;
import io.github.embeddedbackup.autoconfigure.properties.CompressionProperties;
import io.github.embeddedbackup.autoconfigure.properties.DrillProperties;
import io.github.embeddedbackup.autoconfigure.properties.EncryptionProperties;

import io.github.embeddedbackup.autoconfigure.BackupPlanFactory.DataSourceSettings;
import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.BackupDestination;
import io.github.embeddedbackup.core.BackupOptions;
import io.github.embeddedbackup.core.codec.Compressor;
import io.github.embeddedbackup.core.codec.Compressors;
import io.github.embeddedbackup.core.crypto.EncryptionSettings;
import io.github.embeddedbackup.core.crypto.KeyFiles;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.retention.InvalidRetentionException;
import io.github.embeddedbackup.core.retention.RetentionPolicy;
import io.github.embeddedbackup.core.source.BackupSource;
import io.github.embeddedbackup.core.source.SourceProviders;
import io.github.embeddedbackup.core.storage.BackupStorage;
import io.github.embeddedbackup.core.storage.SharedClients;
import io.github.embeddedbackup.runtime.BackupDrillService;
import io.github.embeddedbackup.runtime.BackupHistory;
import io.github.embeddedbackup.runtime.BackupLock;
import io.github.embeddedbackup.runtime.BackupRunListener;
import io.github.embeddedbackup.runtime.BackupService;
import io.github.embeddedbackup.runtime.JobRunner;
import java.util.Map;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Scheduled backups of the application's DataSource (and any {@code backup.sources.*}) into
 * {@code backup.storage}. Every bean backs off when the application defines its own.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnProperty(prefix = "backup", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(BackupProperties.class)
public final class BackupAutoConfiguration {

    private static final org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger(BackupAutoConfiguration.class);

    /** The primary storage, opened by the installed provider of backup.storage.type from backup.storage.<type>.*. */
    @Bean
    @ConditionalOnMissingBean
    BackupStorage backupStorage(BackupPlanFactory plans) {
        return plans.primaryStorage();
    }

    @Bean
    @ConditionalOnMissingBean
    BackupRepository backupRepository(BackupStorage storage) {
        return new BackupRepository(storage);
    }

    @Bean
    BackupPlanFactory backupPlanFactory(BackupProperties properties, Environment environment, ListableBeanFactory beans) {
        Binder binder = Binder.get(environment);
        return new BackupPlanFactory(properties, prefix -> binder.bind(propertyName(prefix), Bindable.mapOf(String.class, String.class))
                .orElse(Map.of()), sharedClients(beans), classLoader(beans), binder.bind("backup.schedule", String.class).isBound(),
                namesAsWritten(environment, "backup.schedules."));
    }

    /** The entry names under {@code prefix} as each property source spells them (Spring's binding folds their case). */
    static java.util.Set<String> namesAsWritten(Environment environment, String prefix) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        if (environment instanceof org.springframework.core.env.ConfigurableEnvironment configurable) {
            for (org.springframework.core.env.PropertySource<?> source : configurable.getPropertySources()) {
                if (source instanceof org.springframework.core.env.EnumerablePropertySource<?> enumerable) {
                    for (String name : enumerable.getPropertyNames()) {
                        if (name.regionMatches(true, 0, prefix, 0, prefix.length()) && name.length() > prefix.length()) {
                            names.add(name.substring(prefix.length()).split("[.\\[]", 2)[0]);
                        }
                    }
                }
            }
        }
        return names;
    }

    /** The application's class loader: providers are looked up where its classes are. */
    private static ClassLoader classLoader(ListableBeanFactory beans) {
        ClassLoader loader = beans instanceof org.springframework.beans.factory.config.ConfigurableBeanFactory configurable
                ? configurable.getBeanClassLoader() : null;
        return loader != null ? loader : BackupAutoConfiguration.class.getClassLoader();
    }

    /** A prefix as Spring names it; a mirror name with upper case letters is not a canonical name, so it is adapted. */
    private static ConfigurationPropertyName propertyName(String prefix) {
        return ConfigurationPropertyName.isValid(prefix) ? ConfigurationPropertyName.of(prefix) : ConfigurationPropertyName.adapt(prefix, '.');
    }

    /** The application's own clients (an S3Client, a GCS Storage) for the primary storage, when it has exactly one of a type. */
    private static SharedClients sharedClients(ListableBeanFactory beans) {
        return new SharedClients() {
            @Override
            public <T> java.util.Optional<T> find(Class<T> type) {
                return java.util.Optional.ofNullable(beans.getBeanProvider(type).getIfUnique());
            }
        };
    }

    @Bean
    @ConditionalOnMissingBean
    ConfiguredPlan backupPlan(BackupPlanFactory plans, BackupStorage primary, BackupOptions options,
            ObjectProvider<DataSourceSettingsProvider> dataSource, ObjectProvider<BackupSource> extraSources) {
        DataSourceSettingsProvider provided = dataSource.getIfAvailable();
        ConfiguredPlan plan = plans.create(provided == null ? null : provided.settings(), extraSources.orderedStream().toList(), primary,
                options);
        warnAboutMissingSources(plan.skippedDataSource(), plan.plan().sources());
        return plan;
    }

    /** One warning at start-up when the application's DataSource is left out, or nothing at all is backed up. */
    private static void warnAboutMissingSources(@Nullable String skippedDataSource, List<BackupSource> sources) {
        String covered = sources.isEmpty() ? "Nothing is backed up and no backup is scheduled until a source is configured."
                : "Backed up: " + sources.stream().map(BackupSource::name).toList() + ".";
        String whatToSet = "To back up a database, set backup.sources.<name>.url (" + String.join(", ",
                io.github.embeddedbackup.core.source.SourceProviders.installed().examples()) + ", with username and password), or "
                + "backup.sources.<name>.path for a directory";
        if (skippedDataSource != null) {
            logger.warn("{} {} {}; set backup.datasource.enabled=false to silence this warning.", skippedDataSource, covered, whatToSet);
        } else if (sources.isEmpty()) {
            logger.warn("Nothing to back up: the application has no DataSource the starter can use (or backup.datasource.enabled=false) "
                    + "and backup.sources is empty. {}; or set backup.enabled=false to switch the starter off.", whatToSet);
        }
    }

    @Bean
    @ConditionalOnMissingBean
    BackupOptions backupOptions(BackupProperties properties) {
        BackupOptions options = BackupOptions.defaults().withCompressor(compressor(properties.compression()));
        long partSize = properties.compression().partSize().toBytes();
        try {
            // More than an int holds is passed as -1, refused by core like any other value out of range.
            options = options.withPartSize(partSize > Integer.MAX_VALUE ? -1 : (int) partSize);
        } catch (IllegalArgumentException e) {
            throw new BackupPropertyException("backup.compression.part-size", "the archive part size must be between 1KB and 512MB, "
                    + "but was " + dataSize(properties.compression().partSize()) + ".", "use e.g. 8MB (the default)", null);
        }
        return options.withEncryption(encryption(properties.encryption()));
    }

    /** A size as a user writes it in a property: {@code 3072MB}, {@code 4KB}, {@code 100B}. */
    static String dataSize(DataSize size) {
        long bytes = size.toBytes();
        long mb = DataSize.ofMegabytes(1).toBytes();
        long kb = DataSize.ofKilobytes(1).toBytes();
        return bytes != 0 && bytes % mb == 0 ? bytes / mb + "MB" : bytes != 0 && bytes % kb == 0 ? bytes / kb + "KB" : bytes + "B";
    }

    /** The one worker thread backups and restores run on. */
    @Bean
    @ConditionalOnMissingBean
    JobRunner backupJobRunner() {
        return new JobRunner();
    }

    /** What is known of past backups in the primary storage: read by health, metrics and the endpoint. */
    @Bean
    @ConditionalOnMissingBean
    BackupHistory backupHistory(ConfiguredPlan plan) {
        return new BackupHistory(plan.plan().repository(), Clock.systemUTC());
    }

    @Bean
    @ConditionalOnMissingBean
    BackupService backupService(ConfiguredPlan plan, JobRunner jobs, BackupHistory history, ObjectProvider<BackupRunListener> listeners,
            ApplicationEventPublisher events, ObjectProvider<BackupLock> lock) {
        List<BackupRunListener> all = new java.util.ArrayList<>(listeners.orderedStream().toList());
        all.add(new BackupEventPublisher(events));
        return new BackupService(plan.plan(), jobs, history, all, Clock.systemUTC(), lock.getIfAvailable(() -> BackupLock.NONE));
    }

    @Bean
    @ConditionalOnMissingBean
    BackupScheduler backupScheduler(BackupService service, ConfiguredPlan plan, BackupProperties properties) {
        return new BackupScheduler(service, plan.schedules(), BackupScheduler.Settings.of(properties), Clock.systemUTC());
    }

    /** Restore drills, on the backup service's worker; scratch places are opened by the application's source providers. */
    @Bean
    @ConditionalOnMissingBean
    BackupDrillService backupDrillService(BackupService service, BackupProperties properties, ListableBeanFactory beans) {
        DrillProperties drill = properties.drill();
        return new BackupDrillService(service, SourceProviders.load(classLoader(beans)), new BackupDrillService.Settings(drill.scratchUrl(),
                drill.username(), drill.password(), drill.sources()), Clock.systemUTC());
    }

    @Bean
    @ConditionalOnMissingBean
    BackupDrillScheduler backupDrillScheduler(BackupDrillService drills, BackupProperties properties, BackupService backups) {
        return new BackupDrillScheduler(drills, properties, backups);
    }

    @Bean
    @ConditionalOnMissingBean
    BackupStartupCheck backupStartupCheck(BackupService service, ConfiguredPlan plan, BackupProperties properties) {
        return new BackupStartupCheck(service, plan, properties);
    }

    static Compressor compressor(CompressionProperties compression) {
        try {
            return Compressors.create(compression.type(), compression.level(), compression.threads());
        } catch (BackupConfigurationException | IllegalArgumentException e) {
            // Core names the setting in its words ("level", "threads"/"workers"); the user set a property.
            String message = String.valueOf(e.getMessage());
            String property = message.contains(" level ") ? "backup.compression.level"
                    : message.contains("threads") || message.contains("workers") ? "backup.compression.threads" : "backup.compression.type";
            throw new BackupPropertyException(property, message,
                    "use type zstd (level 1-19), gzip (level 1-9) or none, and threads between 0 and 64", null);
        }
    }

    static EncryptionSettings encryption(EncryptionProperties encryption) {
        String passphrase = encryption.passphrase();
        if (passphrase != null && passphrase.isBlank()) {
            throw new BackupPropertyException("backup.encryption.passphrase", "encryption is configured but the passphrase is empty "
                    + "(an unset environment variable such as ${BACKUP_PASSPHRASE:} gives an empty value).",
                    "set the environment variable, or remove backup.encryption.passphrase to back up without a passphrase", null);
        }
        try {
            return EncryptionSettings.of(passphrase == null ? null : passphrase.toCharArray(),
                    encryption.keyFiles().stream().map(file -> KeyFiles.readSymmetricKey(Path.of(file))).toList(),
                    encryption.recipientFiles().stream().map(file -> KeyFiles.readPublicKey(Path.of(file))).toList());
        } catch (BackupConfigurationException | IllegalArgumentException e) {
            throw new BackupPropertyException("backup.encryption", e.getMessage(),
                    "check backup.encryption.passphrase (at least 8 characters), key-files and recipient-files", e);
        }
    }

    static @Nullable RetentionPolicy retention(RetentionProperties retention, java.time.ZoneId zone, String property) {
        if (!retention.enabled()) {
            return null;
        }
        try {
            java.time.Duration within = retention.keepWithin() == null || retention.keepWithin().isZero() ? null : retention.keepWithin();
            RetentionPolicy policy = new RetentionPolicy(retention.keepLast(), retention.keepHourly(), retention.keepDaily(),
                    retention.keepWeekly(), retention.keepMonthly(), retention.keepYearly(), within,
                    retention.maxTotalSize() == null ? null : retention.maxTotalSize().toBytes(), zone);
            return policy.hasRules() ? policy : null;
        } catch (InvalidRetentionException e) {
            // Core names the rule (keepLast); the user set the property (backup.retention.keep-last).
            throw new BackupPropertyException(property + "." + kebab(e.rule()), e.getMessage(),
                    "use 0 or more (0 turns the rule off); max-total-size must be positive", null);
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** The DataSource settings from Spring Boot's {@code spring.datasource.*}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.jdbc.autoconfigure.DataSourceProperties")
    static class DataSourceSettingsConfiguration {

        @Bean
        DataSourceSettingsProvider backupDataSourceSettings(ObjectProvider<DataSourceProperties> properties,
                org.springframework.beans.factory.ListableBeanFactory beans) {
            return () -> {
                DataSourceProperties dataSource = properties.getIfAvailable();
                if (dataSource != null && dataSource.getUrl() != null) {
                    return new DataSourceSettings(dataSource.determineUrl(), dataSource.determineUsername(), dataSource.determinePassword());
                }
                // Asked by type without creating beans: is there a DataSource at all (then its URL is not known)?
                boolean any = beans.getBeanNamesForType(javax.sql.DataSource.class, true, false).length > 0;
                return any ? DataSourceSettings.unknown() : null;
            };
        }
    }

    /** Where the application's DataSource settings come from (Spring Boot's {@code spring.datasource.*}). */
    interface DataSourceSettingsProvider {
        /** The settings, or null when the application has no DataSource. */
        @Nullable DataSourceSettings settings();
    }
}
