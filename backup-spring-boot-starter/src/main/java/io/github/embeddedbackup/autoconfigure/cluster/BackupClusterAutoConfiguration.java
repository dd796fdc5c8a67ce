package io.github.embeddedbackup.autoconfigure.cluster;

import io.github.embeddedbackup.autoconfigure.BackupAutoConfiguration;
import io.github.embeddedbackup.autoconfigure.ConfiguredPlan;
import io.github.embeddedbackup.autoconfigure.properties.BackupProperties;
import io.github.embeddedbackup.autoconfigure.properties.BackupPropertyException;
import io.github.embeddedbackup.autoconfigure.properties.ClusterProperties;
import io.github.embeddedbackup.runtime.BackupLock;
import io.github.embeddedbackup.runtime.PostgresAdvisoryLock;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The {@link BackupLock} that makes a backup run in one instance when several share a storage, chosen by
 * {@code backup.cluster.lock}. An application's own {@code BackupLock} bean replaces it.
 */
@AutoConfiguration(before = BackupAutoConfiguration.class,
        afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnProperty(prefix = "backup", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(BackupProperties.class)
public final class BackupClusterAutoConfiguration {

    private static final Logger logger = LoggerFactory.getLogger(BackupClusterAutoConfiguration.class);

    private static final String PROPERTY = "backup.cluster.lock";

    @Bean
    @ConditionalOnMissingBean
    BackupLock backupLock(BackupProperties properties, ObjectProvider<ConfiguredPlan> plan, ObjectProvider<ShedLockLocks> shedLock,
            ObjectProvider<DataSource> dataSources, Environment environment) {
        ClusterProperties cluster = properties.cluster();
        String mode = cluster.lock();
        BackupLock lock = switch (mode) {
            case "none" -> BackupLock.NONE;
            case "shedlock" -> {
                BackupLock found = shedLock(shedLock, plan, cluster.lockAtMostFor());
                if (found == null) {
                    throw new BackupPropertyException(PROPERTY, PROPERTY + "=shedlock but the application has no ShedLock LockProvider bean"
                            + (shedLock.getIfAvailable() == null ? " (shedlock-core is not on the classpath)" : ""),
                            "Define a LockProvider bean (e.g. @Bean LockProvider lockProvider(DataSource dataSource) { return new "
                                    + "JdbcTemplateLockProvider(dataSource); }), or set " + PROPERTY + " to auto, postgres or none",
                            null);
                }
                yield found;
            }
            case "postgres" -> {
                BackupLock found = postgres(dataSources, plan, environment, true);
                if (found == null) {
                    throw new BackupPropertyException(PROPERTY, PROPERTY + "=postgres but the application's DataSource is not PostgreSQL"
                            + (dataSources.getIfUnique() == null ? " (it has no single DataSource)" : ""),
                            "Set " + PROPERTY + " to auto, shedlock (with a LockProvider bean) or none", null);
                }
                yield found;
            }
            default -> { // auto
                BackupLock found = shedLock(shedLock, plan, cluster.lockAtMostFor());
                if (found == null) {
                    found = postgres(dataSources, plan, environment, false);
                }
                yield found == null ? BackupLock.NONE : found;
            }
        };
        if (lock != BackupLock.NONE) {
            logger.info("Backups run in one instance at a time: {} ({}={})", lock.describe(), PROPERTY, mode);
        } else if (mode.equals("none")) {
            logger.info("{}=none: every instance runs every scheduled backup", PROPERTY);
        } else {
            logger.debug("{}=auto: no ShedLock LockProvider bean and no PostgreSQL DataSource, so no lock across instances", PROPERTY);
        }
        return lock;
    }

    private static @Nullable BackupLock shedLock(ObjectProvider<ShedLockLocks> shedLock, ObjectProvider<ConfiguredPlan> plan,
            Duration lockAtMostFor) {
        ShedLockLocks locks = shedLock.getIfAvailable();
        return locks == null ? null : locks.create(() -> storageLocation(plan), lockAtMostFor);
    }

    private static @Nullable BackupLock postgres(ObjectProvider<DataSource> dataSources, ObjectProvider<ConfiguredPlan> plan,
            Environment environment, boolean explicit) {
        DataSource dataSource = dataSources.getIfUnique();
        if (dataSource == null) {
            return null;
        }
        String database = postgresDatabase(dataSource, environment.getProperty("spring.datasource.url"), explicit);
        return database == null ? null
                : new PostgresAdvisoryLock(dataSource, PostgresAdvisoryLock.keyFor(storageLocation(plan)), database);
    }

    /**
     * "database NAME" when the DataSource is PostgreSQL, else null. Asks the database itself (a DataSource bean need not
     * come from spring.datasource.url); when it cannot be reached at start-up, the URL decides.
     */
    static @Nullable String postgresDatabase(DataSource dataSource, @Nullable String url, boolean explicit) {
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName();
            if (!"PostgreSQL".equalsIgnoreCase(product)) {
                return null;
            }
            String catalog = connection.getCatalog();
            return catalog == null ? "the application's database" : "database " + catalog;
        } catch (SQLException | RuntimeException e) {
            boolean postgresUrl = url != null && url.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:");
            if (postgresUrl || explicit) {
                logger.warn("The application's DataSource cannot be reached at start-up ({}); {}", e.getMessage(), postgresUrl
                        ? "spring.datasource.url is PostgreSQL, so backups take a PostgreSQL advisory lock there"
                        : "cannot tell whether it is PostgreSQL");
            }
            return postgresUrl ? "the application's database" : null;
        }
    }

    /** Names the lock: instances share it exactly when they back up into the same primary storage. */
    private static String storageLocation(ObjectProvider<ConfiguredPlan> plan) {
        return plan.getObject().plan().repository().storage().describe();
    }

    /** Makes ShedLock locks; only exists when ShedLock is on the classpath, so nothing else touches its classes. */
    interface ShedLockLocks {

        /** A lock of the application's LockProvider, or null when it has none. */
        @Nullable BackupLock create(java.util.function.Supplier<String> storageLocation, Duration lockAtMostFor);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "net.javacrumbs.shedlock.core.LockProvider")
    static class ShedLockConfiguration {

        @Bean
        ShedLockLocks backupShedLockLocks(ObjectProvider<net.javacrumbs.shedlock.core.LockProvider> providers) {
            return (storageLocation, lockAtMostFor) -> {
                net.javacrumbs.shedlock.core.LockProvider provider = providers.getIfUnique();
                if (provider == null && providers.stream().findAny().isPresent()) {
                    throw new BackupPropertyException(PROPERTY, "the application has several ShedLock LockProvider beans and none is "
                            + "@Primary", "Mark the one for backups @Primary, define a BackupLock bean, or set " + PROPERTY
                            + " to postgres or none", null);
                }
                return provider == null ? null : new ShedLockBackupLock(provider, storageLocation.get(), lockAtMostFor);
            };
        }
    }
}
