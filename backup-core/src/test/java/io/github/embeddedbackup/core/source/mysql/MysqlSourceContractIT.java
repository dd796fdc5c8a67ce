package io.github.embeddedbackup.core.source.mysql;

import io.github.embeddedbackup.core.source.SourceSettings;
import io.github.embeddedbackup.core.testing.AbstractSourceContractTest;
import io.github.embeddedbackup.core.testing.MysqlAwkwardSeed;
import io.github.embeddedbackup.core.testing.MysqlTestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The source contract for MySQL/MariaDB: the awkward sample database, targets are new databases on the test server. */
class MysqlSourceContractIT extends AbstractSourceContractTest {

    static String database;

    private final List<String> targets = new ArrayList<>();

    @BeforeAll
    static void seed() {
        MysqlTestServer.require();
        database = MysqlTestServer.createDatabase("bt_my_contract");
        MysqlTestServer.execute(database, MysqlAwkwardSeed.statements().toArray(String[]::new));
    }

    @AfterAll
    static void drop() {
        if (database != null) {
            MysqlTestServer.dropDatabase(database);
        }
    }

    @AfterEach
    void dropTargets() {
        targets.forEach(MysqlTestServer::dropDatabase);
    }

    @Override
    protected String sourceUri() {
        return MysqlTestServer.jdbcUrl(database);
    }

    @Override
    protected String freshTargetUri() {
        String target = MysqlTestServer.createDatabase("bt_my_contract_target");
        targets.add(target);
        return MysqlTestServer.jdbcUrl(target);
    }

    @Override
    protected void fill(String targetUri) {
        MysqlTestServer.execute(database(targetUri), "create table kept (id int primary key, note varchar(20))", "insert into kept values (1, 'mine')");
    }

    @Override
    protected Map<String, String> fingerprint(String uri) {
        return MysqlTestServer.dataFingerprint(database(uri));
    }

    @Override
    protected SourceSettings settings() {
        return SourceSettings.none();
    }

    @Override
    protected boolean runsDumpTool() {
        return true;
    }

    @Override
    protected String dumpTool() {
        return "mariadb-dump";
    }

    @Override
    protected List<String> urisWithPassword(String password) {
        return List.of("jdbc:mariadb://127.0.0.1:3306/shop?user=app&password=" + password,
                "jdbc:mysql://127.0.0.1:3306/shop?password=" + password + "&user=app");
    }

    private static String database(String uri) {
        return MysqlConnectionInfo.fromJdbcUrl(uri).database();
    }
}
