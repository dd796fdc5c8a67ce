package io.github.embeddedbackup.autoconfigure.actuate;

import io.github.embeddedbackup.autoconfigure.BackupAutoConfiguration;
import io.github.embeddedbackup.autoconfigure.properties.BackupProperties;
import io.github.embeddedbackup.autoconfigure.BackupScheduler;
import io.github.embeddedbackup.runtime.BackupDrillService;
import io.github.embeddedbackup.runtime.BackupService;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@code backup} health indicator, when Spring Boot's health support is present. */
@AutoConfiguration(after = BackupAutoConfiguration.class)
@ConditionalOnClass(AbstractHealthIndicator.class)
@ConditionalOnBean(BackupService.class)
@ConditionalOnEnabledHealthIndicator("backup")
public final class BackupHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "backupHealthIndicator")
    BackupHealthIndicator backupHealthIndicator(BackupService service, ObjectProvider<BackupScheduler> scheduler, BackupProperties properties,
            ObjectProvider<BackupDrillService> drills) {
        return new BackupHealthIndicator(service, scheduler.getIfAvailable(), properties.health().maxAge(), Clock.systemUTC(),
                properties.health().affectsOverall(), drills.getIfAvailable());
    }

    /** /actuator/health/backup answers 503 for BACKUP_DOWN, as for DOWN; the aggregate stays 200. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.SecurityContext")
    @ConditionalOnProperty(prefix = "backup.health", name = "affects-overall", havingValue = "false", matchIfMissing = true)
    static class HealthGroupsConfiguration {

        @Bean
        static BackupHealthGroups backupHealthGroups() {
            return new BackupHealthGroups();
        }
    }
}
