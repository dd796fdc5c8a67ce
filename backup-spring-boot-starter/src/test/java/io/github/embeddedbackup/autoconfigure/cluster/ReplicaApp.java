package io.github.embeddedbackup.autoconfigure.cluster;

import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.runtime.BackupJob;
import io.github.embeddedbackup.runtime.BackupRunListener;
import java.time.Duration;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One replica of an application with the starter, run as a process of its own by {@link BackupReplicasIT}. It tells the
 * test what it does in its log, one line each: "REPLICA ready", "REPLICA started JOB trigger=T",
 * "REPLICA succeeded ID trigger=T". With {@code replica.shedlock=true} it has a ShedLock JDBC {@link LockProvider}.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@org.springframework.context.annotation.Import(io.github.embeddedbackup.autoconfigure.BasicAuthAdmin.class)
public class ReplicaApp {

    private static final Logger logger = LoggerFactory.getLogger(ReplicaApp.class);

    public static void main(String[] args) {
        SpringApplication.run(ReplicaApp.class, args);
    }

    @Bean
    @ConditionalOnProperty(name = "replica.shedlock", havingValue = "true")
    LockProvider lockProvider(DataSource dataSource) {
        return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder().withJdbcTemplate(new JdbcTemplate(dataSource))
                .usingDbTime().build());
    }

    @Bean
    BackupRunListener replicaReport() {
        return new BackupRunListener() {
            @Override
            public void onStarted(BackupJob job) {
                say("started " + job.id() + " trigger=" + job.trigger());
            }

            @Override
            public void onSucceeded(BackupJob job, Manifest manifest, Duration duration) {
                say("succeeded " + manifest.id() + " trigger=" + job.trigger());
            }

            @Override
            public void onFailed(BackupJob job, Exception failure, Duration duration) {
                say("failed " + job.id() + " trigger=" + job.trigger() + " " + failure.getMessage());
            }
        };
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> replicaReady() {
        return event -> say("ready");
    }

    private static void say(String what) {
        logger.warn("REPLICA {}", what); // WARN: shown under the tests' logback-test.xml, with a time stamp
    }
}
