package io.github.embeddedbackup.core.source.mysql;

import io.github.embeddedbackup.core.manifest.TableRecord;
import io.github.embeddedbackup.core.source.RestoreOptions;
import io.github.embeddedbackup.core.source.RestoreTarget;
import io.github.embeddedbackup.core.source.ScratchTarget;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A scratch database {@code <db>_drill_<random>} on the source's server, created by the restore and dropped by {@link #close()}. */
final class MysqlScratchTarget implements ScratchTarget {

    private static final Logger logger = LoggerFactory.getLogger(MysqlScratchTarget.class);

    private final MysqlConnectionInfo scratch;
    private final MysqlRestoreTarget target;

    MysqlScratchTarget(MysqlConnectionInfo source, @Nullable String restoreTool) {
        String base = source.database().length() > 40 ? source.database().substring(0, 40) : source.database(); // names end at 64
        this.scratch = source.withDatabase(base + "_drill_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL));
        this.target = new MysqlRestoreTarget(scratch, restoreTool);
    }

    @Override
    public RestoreTarget target() {
        return target;
    }

    @Override
    public RestoreOptions options() {
        return new RestoreOptions(true, false, 1, List.of(), true); // a new database; DEFINERs may name users the drill cannot set
    }

    @Override
    public Map<String, Long> rowCounts(List<TableRecord> tables) {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection conn = scratch.connect(); Statement statement = conn.createStatement()) {
            for (TableRecord table : tables) {
                try (ResultSet rs = statement.executeQuery("select count(*) from " + MysqlTools.quoteIdentifier(table.name()))) {
                    rs.next();
                    counts.put(table.name(), rs.getLong(1));
                } catch (SQLException e) {
                    counts.put(table.name(), -1L);
                }
            }
        } catch (SQLException e) {
            throw scratch.connectionFailure(e);
        }
        return counts;
    }

    @Override
    public boolean exists() {
        return target.databaseExists();
    }

    @Override
    public void close() {
        try (Connection conn = scratch.connect(false); Statement statement = conn.createStatement()) {
            statement.execute("drop database if exists " + MysqlTools.quoteIdentifier(scratch.database()));
        } catch (SQLException | RuntimeException e) {
            logger.warn("Could not drop the drill's scratch database {}: {}. Drop it by hand.", scratch.describe(), e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "scratch database " + scratch.describe();
    }
}
