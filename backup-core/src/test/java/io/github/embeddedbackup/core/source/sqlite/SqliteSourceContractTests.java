package io.github.embeddedbackup.core.source.sqlite;

import io.github.embeddedbackup.core.source.SourceSettings;
import io.github.embeddedbackup.core.testing.AbstractSourceContractTest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The source contract for SQLite: a sample file with awkward values, targets are new files. */
class SqliteSourceContractTests extends AbstractSourceContractTest {

    @TempDir
    Path files;

    private int targets;

    @BeforeEach
    void seed() throws SQLException {
        execute(files.resolve("sample.db"), """
                create table account(id integer primary key, owner text not null, balance real, photo blob);
                insert into account values (1, 'Zoë', 10.5, x'00ff10'), (2, 'O''Brien', null, null), (3, '日本語', -1, x'');
                create table "odd name"("key" text, value text);
                insert into "odd name" values ('a', null), ('b', 'line
                break');
                create index account_owner on account(owner);
                """);
    }

    @Override
    protected String sourceUri() {
        return "jdbc:sqlite:" + files.resolve("sample.db");
    }

    @Override
    protected String freshTargetUri() {
        return "jdbc:sqlite:" + files.resolve("target-" + ++targets + ".db");
    }

    @Override
    protected void fill(String targetUri) throws SQLException {
        execute(SqliteFiles.pathFromJdbcUrl(targetUri), "create table kept(id integer primary key, note text); insert into kept values (1, 'mine');");
    }

    /** Per table its rows, sorted; per index its definition. */
    @Override
    protected Map<String, String> fingerprint(String uri) throws SQLException {
        Map<String, String> fingerprint = new TreeMap<>();
        try (Connection conn = DriverManager.getConnection(uri); Statement statement = conn.createStatement()) {
            List<String[]> objects = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("select type, name, sql from sqlite_master where name not like 'sqlite_%'")) {
                while (rs.next()) {
                    objects.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
            for (String[] object : objects) {
                fingerprint.put(object[0] + " " + object[1], object[0].equals("table") ? object[2] + "\n" + rows(statement, object[1]) : object[2]);
            }
        }
        return fingerprint;
    }

    private static String rows(Statement statement, String table) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery("select * from \"" + table.replace("\"", "\"\"") + "\"")) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    Object value = rs.getObject(i);
                    row.append(value instanceof byte[] bytes ? java.util.HexFormat.of().formatHex(bytes) : String.valueOf(value)).append('\t');
                }
                rows.add(row.toString());
            }
        }
        rows.sort(null);
        return String.join("\n", rows);
    }

    @Override
    protected SourceSettings settings() {
        return SourceSettings.none();
    }

    @Override
    protected boolean runsDumpTool() {
        return false;
    }

    @Override
    protected String noDumpToolReason() {
        return "SQLite is backed up in-process through the driver's online backup: no dump program to miss or kill";
    }

    @Override
    protected List<String> urisWithPassword(String password) {
        return List.of();
    }

    private static void execute(Path file, String sql) throws SQLException {
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + file); Statement statement = conn.createStatement()) {
            statement.executeUpdate(sql);
        }
    }
}
