package io.github.embeddedbackup.autoconfigure.actuate;

import io.github.embeddedbackup.autoconfigure.BackupAutoConfiguration;
import io.github.embeddedbackup.autoconfigure.BackupProperties;
import io.github.embeddedbackup.autoconfigure.BackupScheduler;
import io.github.embeddedbackup.autoconfigure.BackupService;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.context.annotation.Bean;

/** The {@code backup} health indicator, when Spring Boot's health support is present. */
@AutoConfiguration(after = BackupAutoConfiguration.class)
@ConditionalOnClass(AbstractHealthIndicator.class)
@ConditionalOnBean(BackupService.class)
@ConditionalOnEnabledHealthIndicator("backup")
public final class BackupHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "backupHealthIndicator")
    BackupHealthIndicator backupHealthIndicator(BackupService service, ObjectProvider<BackupScheduler> scheduler, BackupProperties properties) {
        return new BackupHealthIndicator(service, scheduler.getIfAvailable(), properties.getHealth().getMaxAge(), Clock.systemUTC());
    }
}
