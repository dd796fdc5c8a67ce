package io.github.embeddedbackup.autoconfigure.actuate;

import io.github.embeddedbackup.autoconfigure.BackupAutoConfiguration;
import io.github.embeddedbackup.autoconfigure.BackupScheduler;
import io.github.embeddedbackup.runtime.BackupNotifications;
import io.github.embeddedbackup.runtime.BackupService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The {@code backup} Actuator endpoint, when Actuator is present and the endpoint is enabled and exposed. */
@AutoConfiguration(after = BackupAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnBean(BackupService.class)
public final class BackupEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    BackupEndpoint backupEndpoint(BackupService service, ObjectProvider<BackupScheduler> scheduler,
            ObjectProvider<BackupNotifications> notifications) {
        return new BackupEndpoint(service, scheduler.getIfAvailable(), notifications.getIfAvailable());
    }
}
