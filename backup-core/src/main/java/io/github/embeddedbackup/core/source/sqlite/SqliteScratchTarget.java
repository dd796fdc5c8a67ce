package io.github.embeddedbackup.core.source.sqlite;

import io.github.embeddedbackup.core.BackupException;
import io.github.embeddedbackup.core.manifest.TableRecord;
import io.github.embeddedbackup.core.source.RestoreOptions;
import io.github.embeddedbackup.core.source.RestoreTarget;
import io.github.embeddedbackup.core.source.ScratchCheck;
import io.github.embeddedbackup.core.source.ScratchTarget;
import io.github.embeddedbackup.core.source.TempFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A new SQLite file in a private temporary folder (mode 700), removed with the folder by {@link #close()}. */
final class SqliteScratchTarget implements ScratchTarget {

    private final Path directory;
    private final Path file;

    SqliteScratchTarget() {
        this.directory = TempFiles.drillDirectory();
        this.file = directory.resolve("drill.db");
    }

    @Override
    public RestoreTarget target() {
        return new SqliteRestoreTarget(file);
    }

    @Override
    public RestoreOptions options() {
        return RestoreOptions.defaults();
    }

    @Override
    public Map<String, Long> rowCounts(List<TableRecord> tables) {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection conn = SqliteFiles.open(file, false); Statement statement = conn.createStatement()) {
            for (TableRecord table : tables) {
                try (ResultSet rs = statement.executeQuery("select count(*) from " + SqliteFiles.quoteIdentifier(table.name()))) {
                    rs.next();
                    counts.put(table.name(), rs.getLong(1));
                } catch (SQLException e) {
                    counts.put(table.name(), -1L);
                }
            }
        } catch (SQLException e) {
            throw new BackupException("Cannot read the drill's restored file " + file + ": " + e.getMessage(), e);
        }
        return counts;
    }

    /** {@code PRAGMA integrity_check} on the restored file: SQLite's own walk over every page and index. */
    @Override
    public List<ScratchCheck> extraChecks() {
        List<String> messages = new ArrayList<>();
        try (Connection conn = SqliteFiles.open(file, false); Statement statement = conn.createStatement();
                ResultSet rs = statement.executeQuery("pragma integrity_check")) {
            while (rs.next()) {
                messages.add(rs.getString(1));
            }
        } catch (SQLException e) {
            return List.of(ScratchCheck.failed("integrity_check", "could not run on " + file.getFileName() + ": " + e.getMessage()));
        }
        if (messages.equals(List.of("ok"))) {
            return List.of(ScratchCheck.passed("integrity_check", "ok"));
        }
        return List.of(ScratchCheck.failed("integrity_check", String.join("; ", messages.stream().limit(10).toList())));
    }

    @Override
    public boolean exists() {
        return Files.exists(file);
    }

    @Override
    public void close() {
        if (Files.exists(directory)) { // closed before: nothing to remove, nothing to warn about
            TempFiles.deleteRecursively(directory);
        }
    }

    @Override
    public String toString() {
        return "scratch file " + file;
    }
}
