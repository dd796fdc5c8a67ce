package io.github.embeddedbackup.core.source.postgres;

import io.github.embeddedbackup.core.manifest.SourceRecord;
import io.github.embeddedbackup.core.manifest.TableRecord;
import io.github.embeddedbackup.core.source.RestoreOptions;
import io.github.embeddedbackup.core.source.RestoreTarget;
import io.github.embeddedbackup.core.source.ScratchCheck;
import io.github.embeddedbackup.core.source.ScratchTarget;
import io.github.embeddedbackup.core.source.TableName;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scratch database {@code DB_drill_TIME_RANDOM} on the source's server (TIME: the creation time in
 * epoch seconds, base 36), created by the restore and dropped by {@link #close()}. The time in the name
 * lets a later drill drop the leftovers of a killed one without guessing.
 */
final class PgScratchTarget implements ScratchTarget {

    private static final Logger logger = LoggerFactory.getLogger(PgScratchTarget.class);
    private static final Pattern SCRATCH_SUFFIX = Pattern.compile("([0-9a-z]{1,12})_[0-9a-f]{1,8}");

    private final PgConnectionInfo scratch;
    private final PgRestoreTarget target;
    private final String prefix;

    PgScratchTarget(PgConnectionInfo source, String restoreTool) {
        this(source, restoreTool, Instant.now());
    }

    PgScratchTarget(PgConnectionInfo source, String restoreTool, Instant now) {
        String base = source.database().length() > 40 ? source.database().substring(0, 40) : source.database();
        this.prefix = base + "_drill_";
        String name = prefix + Long.toString(now.getEpochSecond(), 36) + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
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

    /** The schemas, sequences and large objects against those the manifest recorded in the dump's snapshot. */
    @Override
    public List<ScratchCheck> extraChecks(SourceRecord source) {
        return PgObjectChecks.check(source.properties(), () -> {
            try (Connection conn = scratch.connect()) {
                return PgObjects.read(conn);
            } catch (SQLException e) {
                throw scratch.connectionFailure(e);
            }
        });
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

    /** Drops the databases {@code DB_drill_TIME_RANDOM} of this scratch URL's database created before {@code createdBefore}. */
    @Override
    public List<String> removeLeftovers(Instant createdBefore) {
        List<String> removed = new ArrayList<>();
        try (Connection conn = scratch.withDatabase("postgres").connect(); Statement statement = conn.createStatement()) {
            List<String> candidates = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("select d.datname from pg_database d "
                    // a database someone is connected to belongs to a drill that still runs (a long restore)
                    + "where not exists (select 1 from pg_stat_activity a where a.datname = d.datname)")) {
                while (rs.next()) {
                    candidates.add(rs.getString(1));
                }
            }
            for (String name : candidates) {
                Instant created = createdAt(name);
                if (created != null && created.isBefore(createdBefore) && !name.equals(scratch.database())) {
                    try {
                        statement.execute("drop database if exists " + PgTools.quoteIdentifier(name));
                        removed.add(name);
                        logger.info("Leftover drill database dropped. database: {}, created: {}", name, created);
                    } catch (SQLException e) {
                        logger.warn("Could not drop the leftover drill database {}: {}", name, e.getMessage());
                    }
                }
            }
        } catch (SQLException | RuntimeException e) {
            logger.warn("Could not look for leftover drill databases on {}: {}", scratch.describe(), e.getMessage());
        }
        return removed;
    }

    /** When a scratch database of this prefix was created, from its name; null for any other name. */
    private @Nullable Instant createdAt(String name) {
        if (!name.startsWith(prefix)) {
            return null;
        }
        Matcher matcher = SCRATCH_SUFFIX.matcher(name.substring(prefix.length()));
        if (!matcher.matches()) {
            return null;
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(matcher.group(1), 36));
        } catch (NumberFormatException | java.time.DateTimeException e) {
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
