package io.github.embeddedbackup.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.embeddedbackup.core.testing.PgTestServer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** Two instances (two DataSources) on one real PostgreSQL database: one backup at a time, freed when its holder dies. */
class PostgresAdvisoryLockTests {

    String database;

    @BeforeEach
    void createDatabase() {
        PgTestServer.require();
        database = PgTestServer.createDatabase("advisory_lock");
    }

    @AfterEach
    void dropDatabase() {
        if (database != null) {
            PgTestServer.dropDatabase(database);
        }
    }

    DataSource instance(String applicationName) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(PgTestServer.jdbcUrl(database));
        dataSource.setApplicationName(applicationName);
        return dataSource;
    }

    PostgresAdvisoryLock lock(String instance, String location) {
        return new PostgresAdvisoryLock(instance(instance), PostgresAdvisoryLock.keyFor(location), "database " + database);
    }

    @Test
    void theSecondInstanceWaitsForNothingAndTakesTheLockOnceTheFirstReleasesIt() {
        PostgresAdvisoryLock first = lock("replica-a", "file:/backups");
        PostgresAdvisoryLock second = lock("replica-b", "file:/backups");

        BackupLock.Lease lease = first.tryAcquire().orElseThrow();
        assertThat(second.tryAcquire()).as("held by the first instance").isEmpty();
        assertThat(first.tryAcquire()).as("another backup in the same instance is refused too").isEmpty();

        lease.close();
        Optional<BackupLock.Lease> taken = second.tryAcquire();
        assertThat(taken).as("released on close").isPresent();
        lease.close(); // twice: must not release the lock now held by the second instance
        assertThat(first.tryAcquire()).as("a second close releases nothing").isEmpty();
        taken.get().close();
        assertThat(openSessions()).as("no connection is left open after the leases closed").isZero();
    }

    @Test
    void aHolderWhoseConnectionDiesFreesTheLock() throws Exception {
        PostgresAdvisoryLock first = lock("replica-a", "file:/backups");
        PostgresAdvisoryLock second = lock("replica-b", "file:/backups");
        BackupLock.Lease lease = first.tryAcquire().orElseThrow();
        assertThat(second.tryAcquire()).isEmpty();

        // A killed process: its session ends on the server.
        PgTestServer.execute(database, "select pg_terminate_backend(pid, 10000) from pg_stat_activity where application_name = 'replica-a'");

        try (BackupLock.Lease taken = second.tryAcquire().orElseThrow(() -> new AssertionError("the dead holder's lock is free"))) {
            lease.close(); // the dead lease's close neither throws nor releases the new holder's lock
            assertThat(first.tryAcquire()).isEmpty();
        }
    }

    @Test
    void holderSaysWhichClientHoldsTheLockAndSince() {
        PostgresAdvisoryLock first = lock("replica-a", "file:/backups");
        PostgresAdvisoryLock second = lock("replica-b", "file:/backups");
        assertThat(second.holder()).as("nobody holds it").isEmpty();
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        try (BackupLock.Lease lease = first.tryAcquire().orElseThrow()) {
            String holder = second.holder().orElseThrow();

            assertThat(holder).startsWith("client 127.0.0.1").contains("application 'replica-a'").contains("since ")
                    .doesNotContain("password");
            Instant since = Instant.parse(holder.replaceAll(".*since (\\S+?),.*", "$1"));
            assertThat(since).isBetween(before, Instant.now().plusSeconds(1));
        }
        assertThat(second.holder()).as("released").isEmpty();
    }

    @Test
    void differentStoragesHaveDifferentLocksThatDoNotBlockEachOther() {
        try (BackupLock.Lease a = lock("replica-a", "file:/backups/a").tryAcquire().orElseThrow();
                BackupLock.Lease b = lock("replica-b", "file:/backups/b").tryAcquire().orElseThrow()) {
            assertThat(lock("replica-c", "file:/backups/b").tryAcquire()).isEmpty();
        }
    }

    @Test
    void theKeyIsStableAcrossRunsAndDiffersPerLocation() {
        assertThat(PostgresAdvisoryLock.keyFor("s3://bucket/backups")).as("first 8 bytes of SHA-256('embedded-backup:s3://bucket/backups')")
                .isEqualTo(Long.parseUnsignedLong(sha256Hex("embedded-backup:s3://bucket/backups").substring(0, 16), 16));
        assertThat(PostgresAdvisoryLock.keyFor("s3://bucket/backups")).isEqualTo(PostgresAdvisoryLock.keyFor("s3://bucket/backups"))
                .isNotEqualTo(PostgresAdvisoryLock.keyFor("s3://bucket/other"));
        assertThat(lock("x", "s3://bucket/backups").describe()).isEqualTo("PostgreSQL advisory lock "
                + PostgresAdvisoryLock.keyFor("s3://bucket/backups") + " on database " + database);
    }

    @Test
    void aDatabaseThatCannotBeReachedIsAnErrorNotABusyLock() {
        PGSimpleDataSource unreachable = new PGSimpleDataSource();
        unreachable.setUrl("jdbc:postgresql://127.0.0.1:1/app?user=app&password=s3cret-pw&connectTimeout=2");
        PostgresAdvisoryLock lock = new PostgresAdvisoryLock(unreachable, 42, "database app");

        assertThatThrownBy(lock::tryAcquire).hasMessageContaining("Cannot take the PostgreSQL advisory lock 42 on database app")
                .hasMessageNotContaining("s3cret-pw");
        assertThat(lock.holder()).isEmpty();
    }

    /** This test's sessions still on the server; a closed connection's backend may take a moment to go, so it is waited for. */
    private long openSessions() {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        long open;
        do {
            open = Long.parseLong(PgTestServer.query(database, "select count(*) from pg_stat_activity where application_name like "
                    + "'replica-%' and datname = current_database()").get(0));
        } while (open > 0 && System.nanoTime() < deadline && pause());
        return open;
    }

    private static boolean pause() {
        try {
            Thread.sleep(100);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String sha256Hex(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
