package io.github.embeddedbackup.autoconfigure;

import io.github.embeddedbackup.runtime.StorageUsage;
import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * What each destination holds and how much room it has left, read by the metrics and the storage-low
 * alert; with or without Micrometer. As a backup listener it is measured again after every backup.
 */
@AutoConfiguration(after = BackupAutoConfiguration.class)
@ConditionalOnProperty(prefix = "backup", name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnBean(ConfiguredPlan.class)
public final class StorageUsageAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    StorageUsage backupStorageUsage(ConfiguredPlan plan) {
        return new StorageUsage(plan.plan(), Clock.systemUTC());
    }
}
