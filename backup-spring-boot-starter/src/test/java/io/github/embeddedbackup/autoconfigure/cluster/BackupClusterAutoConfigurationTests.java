package io.github.embeddedbackup.autoconfigure.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.autoconfigure.BackupAutoConfiguration;
import io.github.embeddedbackup.autoconfigure.properties.BackupPropertyException;
import io.github.embeddedbackup.core.testing.PgTestServer;
import io.github.embeddedbackup.runtime.BackupLock;
import io.github.embeddedbackup.runtime.PostgresAdvisoryLock;
import java.nio.file.Path;
import java.util.Optional;
import net.javacrumbs.shedlock.core.LockProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Which lock backup.cluster.lock gives, and the start-up failures that name it. */
class BackupClusterAutoConfigurationTests {

    @TempDir
    Path dir;

    ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, BackupAutoConfiguration.class,
                        BackupClusterAutoConfiguration.class))
                .withPropertyValues("backup.storage.local.path=" + dir.resolve("backups"), "backup.catch-up=false", "backup.schedule=");
    }

    ApplicationContextRunner sqlite() {
        return runner().withPropertyValues("spring.datasource.url=jdbc:sqlite:" + dir.resolve("app.db"));
    }

    static LockProvider lockProvider() {
        return configuration -> Optional.empty();
    }

    @Test
    void autoTakesTheApplicationsShedLockLockProvider() {
        sqlite().withBean(LockProvider.class, BackupClusterAutoConfigurationTests::lockProvider).run(context -> {
            assertThat(context).hasNotFailed().getBean(BackupLock.class).isInstanceOf(ShedLockBackupLock.class);
            assertThat(((ShedLockBackupLock) context.getBean(BackupLock.class)).lockName())
                    .as("named after the primary storage").isEqualTo(ShedLockBackupLock.lockNameFor("file:" + dir.resolve("backups")));
        });
    }

    @Test
    void autoTakesAnAdvisoryLockOnAPostgresDataSource() {
        PgTestServer.require();
        String database = PgTestServer.createDatabase("cluster_auto");
        try {
            runner().withPropertyValues("spring.datasource.url=" + PgTestServer.jdbcUrl(database)).run(context -> {
                assertThat(context).hasNotFailed().getBean(BackupLock.class).isInstanceOf(PostgresAdvisoryLock.class);
                BackupLock lock = context.getBean(BackupLock.class);
                assertThat(lock.describe()).endsWith(" on database " + database);
                try (BackupLock.Lease lease = lock.tryAcquire().orElseThrow()) {
                    assertThat(lock.tryAcquire()).as("a real lock on the application's database").isEmpty();
                    assertThat(((PostgresAdvisoryLock) lock).holder()).isPresent();
                }
            });
        } finally {
            PgTestServer.dropDatabase(database);
        }
    }

    @Test
    void autoOnSqliteWithoutLockProviderIsNone() {
        sqlite().run(context -> assertThat(context).hasNotFailed().getBean(BackupLock.class).isSameAs(BackupLock.NONE));
        sqlite().withClassLoader(new FilteredClassLoader(LockProvider.class))
                .run(context -> assertThat(context).as("without ShedLock on the classpath").hasNotFailed()
                        .getBean(BackupLock.class).isSameAs(BackupLock.NONE));
    }

    @Test
    void noneIsNoneEvenWithALockProvider() {
        sqlite().withBean(LockProvider.class, BackupClusterAutoConfigurationTests::lockProvider)
                .withPropertyValues("backup.cluster.lock=none")
                .run(context -> assertThat(context).hasNotFailed().getBean(BackupLock.class).isSameAs(BackupLock.NONE));
    }

    @Test
    void anApplicationsOwnBackupLockIsUsed() {
        BackupLock own = new BackupLock() {
            @Override
            public Optional<Lease> tryAcquire() {
                return Optional.empty();
            }

            @Override
            public String describe() {
                return "own";
            }
        };
        sqlite().withBean(BackupLock.class, () -> own).withPropertyValues("backup.cluster.lock=postgres")
                .run(context -> assertThat(context).hasNotFailed().getBean(BackupLock.class).isSameAs(own));
    }

    @Test
    void shedlockWithoutALockProviderBeanFailsSayingWhatToDefine() {
        sqlite().withPropertyValues("backup.cluster.lock=shedlock").run(context -> {
            BackupPropertyException failure = failure(context);
            assertThat(failure).hasMessageStartingWith("backup.cluster.lock=shedlock but the application has no ShedLock LockProvider bean");
            assertThat(failure.action()).contains("new JdbcTemplateLockProvider(dataSource)").contains("auto, postgres or none");
        });
        sqlite().withPropertyValues("backup.cluster.lock=shedlock").withClassLoader(new FilteredClassLoader(LockProvider.class))
                .run(context -> assertThat(failure(context)).hasMessageContaining("shedlock-core is not on the classpath"));
    }

    @Test
    void postgresWithSqliteFailsNamingTheProperty() {
        sqlite().withPropertyValues("backup.cluster.lock=postgres").run(context -> {
            BackupPropertyException failure = failure(context);
            assertThat(failure).hasMessageStartingWith("backup.cluster.lock=postgres but the application's DataSource is not PostgreSQL");
            assertThat(failure.action()).contains("auto, shedlock (with a LockProvider bean) or none");
        });
    }

    @Test
    void anUnknownLockTypeFailsNamingThePropertyAndTheAllowedValues() {
        sqlite().withPropertyValues("backup.cluster.lock=zookeeper").run(context -> {
            assertThat(context).hasFailed();
            Throwable root = context.getStartupFailure();
            while (root.getCause() != null) {
                root = root.getCause();
            }
            assertThat(root).hasMessageContaining("backup.cluster.lock").hasMessageContaining("'zookeeper'")
                    .hasMessageContaining("[auto, shedlock, postgres, none]");
        });
    }

    /** The setting that stopped start-up (the starter's failure analyzer prints its property, message and action). */
    private static BackupPropertyException failure(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        Throwable root = context.getStartupFailure();
        while (!(root instanceof BackupPropertyException) && root.getCause() != null) {
            root = root.getCause();
        }
        assertThat(root).isInstanceOf(BackupPropertyException.class);
        BackupPropertyException failure = (BackupPropertyException) root;
        assertThat(failure.property()).isEqualTo("backup.cluster.lock");
        return failure;
    }
}
