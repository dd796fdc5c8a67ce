package io.github.embeddedbackup.autoconfigure.properties;

import io.github.embeddedbackup.core.source.SourceProviders;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A named source ({@code backup.sources.<name>.*}) or restore target ({@code backup.restore.targets.<name>.*}).
 *
 * @param type Kind of source: files for a directory (told from path when not set); a database's kind is told from its url.
 * @param url URL of a database: jdbc:postgresql:, jdbc:mariadb:, jdbc:mysql:, jdbc:sqlite:, or another installed source's.
 * @param username Database user, when not in the URL.
 * @param password Database password, when not in the URL.
 * @param path Directory to back up (files).
 * @param includes Globs of paths to include, relative to the directory (files). Empty: everything.
 * @param excludes Globs of paths to exclude, relative to the directory (files).
 * @param dumpTool The dump program (pg_dump, mariadb-dump, …): a name on the PATH or a full path. Default: the source's own.
 * @param restoreTool The restore program (pg_restore, mariadb, …) for restoring into it. Default: the source's own.
 * @param pgDumpPath Former name of dump-tool, for PostgreSQL.
 * @param options Further settings of the source's kind, e.g. client-ssl-ca for MySQL/MariaDB (see docs/mysql.md).
 */
public record SourceProperties(
        @Nullable String type,
        @Nullable String url,
        @Nullable String username,
        @Nullable String password,
        @Nullable String path,
        @Nullable List<String> includes,
        @Nullable List<String> excludes,
        @Nullable String dumpTool,
        @Nullable String restoreTool,
        @Nullable String pgDumpPath,
        @Nullable Map<String, String> options) {

    public SourceProperties {
        includes = includes == null ? List.of() : List.copyOf(includes);
        excludes = excludes == null ? List.of() : List.copyOf(excludes);
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    /** The dump tool as set under either name, or null for the source's own. */
    public @Nullable String effectiveDumpTool() {
        return dumpTool != null ? dumpTool : pgDumpPath;
    }

    /** Never the password, nor one in the URL. */
    @Override
    public String toString() {
        return "SourceProperties[type=" + type + ", url=" + (url == null ? null : SourceProviders.installed().redact(url))
                + ", username=" + username + ", password=" + (password == null ? null : "****") + ", path=" + path + "]";
    }
}
