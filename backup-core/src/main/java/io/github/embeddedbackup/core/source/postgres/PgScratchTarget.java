package io.github.embeddedbackup.core.source.postgres;

import io.github.embeddedbackup.core.manifest.TableRecord;
import io.github.embeddedbackup.core.source.RestoreOptions;
import io.github.embeddedbackup.core.source.RestoreTarget;
import io.github.embeddedbackup.core.source.ScratchTarget;
import io.github.embeddedbackup.core.source.TableName;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A scratch database {@code <db>_drill_<random>} on the source's server, created by the restore and dropped by {@link #close()}. */
final class PgScratchTarget implements ScratchTarget {

    private static final Logger logger = LoggerFactory.getLogger(PgScratchTarget.class);

    private final PgConnectionInfo scratch;
    private final PgRestoreTarget target;

    PgScratchTarget(PgConnectionInfo source, String restoreTool) {
        String base = source.database().length() > 40 ? source.database().substring(0, 40) : source.database();
        String name = base + "_drill_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        this.scratch = source.withDatabase(name);
        this.target = new PgRestoreTarget(scratch, restoreTool);
    }

    @Override
    public RestoreTarget target() {
        return target;
    }

    @Override
    public RestoreOptions options() {
        return new RestoreOptions(true, false, 1, List.of(), true); // a new database; the drill's user may lack the original roles
    }

    @Override
    public Map<String, Long> rowCounts(List<TableRecord> tables) {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection conn = scratch.connect(); Statement statement = conn.createStatement()) {
            conn.setAutoCommit(false);
            for (TableRecord table : tables) {
                String quoted = quoted(table.name());
                if (quoted == null) {
                    counts.put(table.name(), -1L);
                    continue;
                }
                statement.execute("savepoint count");
                try (ResultSet rs = statement.executeQuery("select count(*) from only " + quoted)) {
                    rs.next();
                    counts.put(table.name(), rs.getLong(1));
                } catch (SQLException e) {
                    statement.execute("rollback to savepoint count"); // a missing table: counted -1, the others still counted
                    counts.put(table.name(), -1L);
                }
            }
            conn.rollback();
        } catch (SQLException e) {
            throw scratch.connectionFailure(e);
        }
        return counts;
    }

    /** The manifest's {@code "schema"."table"} quoted again, so that no name is ever read as SQL; null when it is no table name. */
    private static String quoted(String name) {
        try {
            TableName parsed = TableName.parse(name);
            return parsed.schema() == null ? TableName.of("public", parsed.name()).toString() : TableName.of(parsed.schema(), parsed.name()).toString();
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public boolean exists() {
        return target.databaseExists();
    }

    @Override
    public void close() {
        try (Connection conn = scratch.withDatabase("postgres").connect(); Statement statement = conn.createStatement()) {
            statement.execute("drop database if exists " + PgTools.quoteIdentifier(scratch.database()));
        } catch (SQLException | RuntimeException e) {
            logger.warn("Could not drop the drill's scratch database {}: {}. Drop it by hand.", scratch.describe(), e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "scratch database " + scratch.describe();
    }
}
