package io.github.embeddedbackup.core.source.postgres;

import io.github.embeddedbackup.core.source.SourceSettings;
import io.github.embeddedbackup.core.testing.AbstractSourceContractTest;
import io.github.embeddedbackup.core.testing.PgTestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The source contract for PostgreSQL: the awkward sample database, targets are new databases on the test server. */
class PgSourceContractIT extends AbstractSourceContractTest {

    static String database;

    private final List<String> targets = new ArrayList<>();

    @BeforeAll
    static void seed() {
        PgTestServer.require();
        database = PgTestServer.createAwkwardDatabase("bt_contract");
    }

    @AfterAll
    static void drop() {
        if (database != null) {
            PgTestServer.dropDatabase(database);
        }
    }

    @AfterEach
    void dropTargets() {
        targets.forEach(PgTestServer::dropDatabase);
    }

    @Override
    protected String sourceUri() {
        return PgTestServer.jdbcUrl(database);
    }

    @Override
    protected String freshTargetUri() {
        String target = PgTestServer.createDatabase("bt_contract_target");
        targets.add(target);
        return PgTestServer.jdbcUrl(target);
    }

    @Override
    protected void fill(String targetUri) {
        PgTestServer.execute(database(targetUri), "create table kept(id int primary key, note text); insert into kept values (1, 'mine')");
    }

    @Override
    protected Map<String, String> fingerprint(String uri) {
        return PgTestServer.dataFingerprint(database(uri));
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
        return "pg_dump";
    }

    @Override
    protected List<String> urisWithPassword(String password) {
        return List.of("jdbc:postgresql://127.0.0.1:5432/shop?user=app&password=" + password,
                "jdbc:postgresql://app:" + password + "@127.0.0.1:5432/shop");
    }

    private static String database(String uri) {
        return PgConnectionInfo.fromJdbcUrl(uri).database();
    }
}
