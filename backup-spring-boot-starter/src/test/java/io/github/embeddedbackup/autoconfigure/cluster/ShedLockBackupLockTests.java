package io.github.embeddedbackup.autoconfigure.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.testing.PgTestServer;
import io.github.embeddedbackup.runtime.BackupLock;
import java.time.Duration;
import java.util.Optional;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** Two instances, each with its own JdbcTemplateLockProvider on one real PostgreSQL shedlock table. */
class ShedLockBackupLockTests {

    String database;

    @BeforeEach
    void createDatabase() {
        PgTestServer.require();
        database = PgTestServer.createDatabase("shedlock");
        // As ShedLock's README gives it for PostgreSQL.
        PgTestServer.execute(database, "CREATE TABLE shedlock(name VARCHAR(64) NOT NULL, lock_until TIMESTAMP NOT NULL, "
                + "locked_at TIMESTAMP NOT NULL, locked_by VARCHAR(255) NOT NULL, PRIMARY KEY (name))");
    }

    @AfterEach
    void dropDatabase() {
        if (database != null) {
            PgTestServer.dropDatabase(database);
        }
    }

    LockProvider instance() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(PgTestServer.jdbcUrl(database));
        return new JdbcTemplateLockProvider(dataSource);
    }

    @Test
    void oneInstanceHoldsTheLockUntilItClosesTheLease() {
        ShedLockBackupLock first = new ShedLockBackupLock(instance(), "file:/backups", Duration.ofMinutes(10));
        ShedLockBackupLock second = new ShedLockBackupLock(instance(), "file:/backups", Duration.ofMinutes(10));

        BackupLock.Lease lease = first.tryAcquire().orElseThrow();
        assertThat(second.tryAcquire()).as("held by the first instance").isEmpty();
        assertThat(PgTestServer.query(database, "select name from shedlock")).containsExactly(first.lockName());

        lease.close();
        lease.close(); // twice is harmless
        Optional<BackupLock.Lease> taken = second.tryAcquire();
        assertThat(taken).as("released on close, not after lock-at-most-for").isPresent();
        assertThat(first.tryAcquire()).as("a second close released nothing").isEmpty();
        taken.get().close();
    }

    @Test
    void aLeaseHeldLongerThanLockAtMostForStaysExclusiveBecauseItIsRenewed() throws Exception {
        ShedLockBackupLock first = new ShedLockBackupLock(instance(), "file:/backups", Duration.ofSeconds(2));
        ShedLockBackupLock second = new ShedLockBackupLock(instance(), "file:/backups", Duration.ofSeconds(2));

        try (BackupLock.Lease lease = first.tryAcquire().orElseThrow()) {
            for (int i = 0; i < 10; i++) {
                Thread.sleep(500);
                assertThat(second.tryAcquire()).as("still held after %d ms", (i + 1) * 500).isEmpty();
            }
        }
        assertThat(second.tryAcquire()).isPresent();
    }

    @Test
    void aHolderWhoseRenewalStoppedLosesTheLockAfterLockAtMostFor() throws Exception {
        // A renewal period far beyond lock-at-most-for: the holder never extends, as if its JVM had died.
        ShedLockBackupLock dead = new ShedLockBackupLock(instance(), "file:/backups", Duration.ofSeconds(2), Duration.ofHours(1));
        ShedLockBackupLock second = new ShedLockBackupLock(instance(), "file:/backups", Duration.ofSeconds(2));

        BackupLock.Lease unclosed = dead.tryAcquire().orElseThrow();
        assertThat(second.tryAcquire()).isEmpty();
        Thread.sleep(2_500);

        try (BackupLock.Lease taken = second.tryAcquire().orElseThrow(() -> new AssertionError("expired after lock-at-most-for"))) {
            unclosed.close(); // the late close of the dead lease does not release the new holder's lock
            assertThat(dead.tryAcquire()).isEmpty();
        }
    }

    @Test
    void theLockNameFitsShedLocksNameColumnAndDiffersPerStorage() {
        String name = ShedLockBackupLock.lockNameFor("s3://bucket/a/very/long/prefix/that/goes/on/and/on/and/on/for/ever/and/ever");

        assertThat(name).matches("embedded-backup-[0-9a-f]{16}").hasSizeLessThanOrEqualTo(64);
        assertThat(ShedLockBackupLock.lockNameFor("s3://bucket/a")).isEqualTo(ShedLockBackupLock.lockNameFor("s3://bucket/a"))
                .isNotEqualTo(ShedLockBackupLock.lockNameFor("s3://bucket/b"));
        assertThat(new ShedLockBackupLock(instance(), "s3://bucket/a", Duration.ofMinutes(10)).describe())
                .isEqualTo("ShedLock lock '" + ShedLockBackupLock.lockNameFor("s3://bucket/a")
                        + "' of JdbcTemplateLockProvider (lock-at-most-for PT10M)");
    }

    @Test
    void differentStoragesDoNotBlockEachOther() {
        try (BackupLock.Lease a = new ShedLockBackupLock(instance(), "file:/a", Duration.ofMinutes(1)).tryAcquire().orElseThrow();
                BackupLock.Lease b = new ShedLockBackupLock(instance(), "file:/b", Duration.ofMinutes(1)).tryAcquire().orElseThrow()) {
            assertThat(PgTestServer.query(database, "select count(*) from shedlock")).containsExactly("2");
        }
    }
}
