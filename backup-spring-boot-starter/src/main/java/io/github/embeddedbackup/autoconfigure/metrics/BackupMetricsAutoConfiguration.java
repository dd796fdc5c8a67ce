package io.github.embeddedbackup.autoconfigure.metrics;

import io.github.embeddedbackup.autoconfigure.BackupAutoConfiguration;
import io.github.embeddedbackup.autoconfigure.ConfiguredPlan;
import io.github.embeddedbackup.core.source.BackupSource;
import io.github.embeddedbackup.runtime.BackupHistory;
import io.github.embeddedbackup.runtime.JobRunner;
import io.github.embeddedbackup.runtime.StorageUsage;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/** Backup meters when Micrometer is present; Spring Boot binds the {@link MeterBinder} to its registries. */
@AutoConfiguration(before = BackupAutoConfiguration.class)
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnProperty(prefix = "backup", name = "enabled", havingValue = "true", matchIfMissing = true)
public final class BackupMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    BackupMetrics backupMetrics(BackupHistory history, JobRunner jobs, ObjectProvider<StorageUsage> storage, ConfiguredPlan plan) {
        // The storage usage is defined after this configuration (it needs the plan): looked up when the meters are made.
        return new BackupMetrics(history, jobs, storage.getIfAvailable(), plan.plan().sources().stream().map(BackupSource::name).toList());
    }
}
