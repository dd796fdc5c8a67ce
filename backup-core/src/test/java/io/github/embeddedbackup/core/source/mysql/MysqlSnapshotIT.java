package io.github.embeddedbackup.core.source.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.BackupEngine;
import io.github.embeddedbackup.core.BackupOptions;
import io.github.embeddedbackup.core.BackupProgressListener;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.manifest.TableRecord;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.restore.BackupRestorer;
import io.github.embeddedbackup.core.source.RestoreOptions;
import io.github.embeddedbackup.core.source.SourceProvider;
import io.github.embeddedbackup.core.source.SourceProviders;
import io.github.embeddedbackup.core.source.SourceSettings;
import io.github.embeddedbackup.core.storage.FilesystemBackupStorage;
import io.github.embeddedbackup.core.testing.MysqlTestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup taken while a writer commits transactions that touch three tables at once: the dump is one
 * snapshot, so the restored copy satisfies the writer's invariant, and the manifest's row counts are
 * the restored rows.
 */
class MysqlSnapshotIT {

    static final int ACCOUNTS = 50;
    static final long TOTAL = ACCOUNTS * 1000L;
    static String database;
    static String copy;

    @TempDir
    Path storageDir;

    @BeforeAll
    static void seed() {
        MysqlTestServer.require();
        database = MysqlTestServer.createDatabase("bt_my_snapshot");
        copy = MysqlTestServer.newName("bt_my_snapcopy");
        MysqlTestServer.execute(database,
                "create table accounts (id int primary key, balance bigint not null) engine=InnoDB",
                "create table orders (id bigint primary key auto_increment, account_id int not null) engine=InnoDB",
                "create table order_lines (id bigint primary key auto_increment, order_id bigint not null, amount int not null, "
                        + "foreign key (order_id) references orders(id)) engine=InnoDB",
                "create table padding (id int primary key, t varchar(200)) engine=InnoDB",
                "set session max_recursive_iterations = 1000000",
                "insert into accounts with recursive s(n) as (select 1 union all select n + 1 from s where n < " + ACCOUNTS + ") select n, 1000 from s",
                // Enough data that the dump takes a while, so the writer commits while it runs.
                "insert into padding with recursive s(n) as (select 1 union all select n + 1 from s where n < 300000) select n, repeat(md5(n), 4) from s");
    }

    @AfterAll
    static void drop() {
        if (database != null) {
            MysqlTestServer.dropDatabase(database);
            MysqlTestServer.dropDatabase(copy);
        }
    }

    @Test
    void theDumpIsOneSnapshotWhileAWriterCommits() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong committed = new AtomicLong();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> write(stop, committed));
        Manifest manifest;
        long before;
        long after;
        try {
            waitForCommits(committed, 20);
            before = committed.get();
            String url = MysqlTestServer.jdbcUrl(database);
            SourceProvider provider = SourceProviders.installed().forUri(url);
            manifest = new BackupEngine(repository(), BackupOptions.defaults())
                    .backup(List.of(provider.source("shop", url, SourceSettings.none())), Map.of(), BackupProgressListener.NONE);
            after = committed.get();
        } finally {
            stop.set(true);
            writer.get(60, TimeUnit.SECONDS);
        }
        assertThat(after).as("the writer committed while the backup ran").isGreaterThan(before);

        String url = MysqlTestServer.jdbcUrl(copy);
        new BackupRestorer(repository()).restore(manifest.id(), null, SourceProviders.installed().forUri(url).target(url, SourceSettings.none()),
                new RestoreOptions(true, false, 1, List.of(), false));

        for (TableRecord table : manifest.sources().get(0).tables()) {
            assertThat(MysqlTestServer.query(copy, "select count(*) from `" + table.name() + "`"))
                    .as("restored rows of %s", table.name()).containsExactly(Long.toString(table.rows()));
        }
        assertThat(manifest.sources().get(0).tables()).extracting(TableRecord::name)
                .containsExactlyInAnyOrder("accounts", "orders", "order_lines", "padding");
        long orders = Long.parseLong(MysqlTestServer.query(copy, "select count(*) from orders").get(0));
        assertThat(orders).as("the snapshot holds some of the writer's commits").isPositive();
        assertThat(MysqlTestServer.query(copy, "select count(*) from order_lines")).containsExactly(Long.toString(2 * orders));
        assertThat(MysqlTestServer.query(copy, "select sum(balance) from accounts")).containsExactly(Long.toString(TOTAL));
        assertThat(MysqlTestServer.query(copy, "select coalesce(sum(amount), 0) from order_lines")).containsExactly(Long.toString(orders * 3));
    }

    /** Each transaction: one order, two lines, and a transfer between two accounts (the sum stays {@link #TOTAL}). */
    private static void write(AtomicBoolean stop, AtomicLong committed) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        try (Connection conn = MysqlTestServer.info(database).connect(); Statement statement = conn.createStatement()) {
            conn.setAutoCommit(false);
            for (long i = 0; !stop.get() && System.nanoTime() < deadline; i++) {
                int from = (int) (i % ACCOUNTS) + 1;
                int to = (int) ((i * 7) % ACCOUNTS) + 1;
                statement.execute("insert into orders (account_id) values (" + from + ")");
                statement.execute("insert into order_lines (order_id, amount) values (last_insert_id(), 1), (last_insert_id(), 2)");
                statement.execute("update accounts set balance = balance - 5 where id = " + from);
                statement.execute("update accounts set balance = balance + 5 where id = " + to);
                conn.commit();
                committed.incrementAndGet();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static void waitForCommits(AtomicLong committed, long count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (committed.get() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the writer did not commit " + count + " transactions within 60 s");
            }
            Thread.sleep(10);
        }
    }

    private BackupRepository repository() {
        return new BackupRepository(new FilesystemBackupStorage(storageDir));
    }
}
