package io.github.embeddedbackup.autoconfigure.properties;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The application's DataSource as a source ({@code backup.datasource.*}).
 *
 * @param enabled Whether to back up the application's DataSource (told from its URL).
 * @param name Name of this source in the backups.
 * @param dumpTool The dump program (pg_dump, mariadb-dump, …): a name on the PATH or a full path. Default: the source's own.
 * @param restoreTool The restore program for restoring in place (pg_restore, mariadb, …). Default: the source's own.
 * @param pgDumpPath Former name of dump-tool, for PostgreSQL.
 */
public record DataSourceSourceProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("main") String name,
        @Nullable String dumpTool,
        @Nullable String restoreTool,
        @Nullable String pgDumpPath) {

    /** The dump tool as set under either name, or null for the source's own. */
    public @Nullable String effectiveDumpTool() {
        return dumpTool != null ? dumpTool : pgDumpPath;
    }
}
