package io.github.embeddedbackup.core.source.sqlite;

import io.github.embeddedbackup.core.source.BackupSource;
import io.github.embeddedbackup.core.source.ExistingTarget;
import io.github.embeddedbackup.core.source.RestoreTarget;
import io.github.embeddedbackup.core.source.ScratchTarget;
import io.github.embeddedbackup.core.source.SourceNames;
import io.github.embeddedbackup.core.source.SourceProvider;
import io.github.embeddedbackup.core.source.SourceSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@code jdbc:sqlite:} files: SQLite's online backup, restored through SQLite. */
public final class SqliteSourceProvider implements SourceProvider {

    @Override
    public String type() {
        return SqliteSource.TYPE;
    }

    @Override
    public List<String> prefixes() {
        return List.of("jdbc:sqlite:");
    }

    @Override
    public List<String> examples() {
        return List.of("jdbc:sqlite:/path/file.db");
    }

    @Override
    public String redact(String uri) {
        return uri; // a file name holds no secret
    }

    @Override
    public @Nullable String suggestion(String uri) {
        String scheme = SourceNames.jdbcScheme(uri);
        if (scheme == null || scheme.equals("sqlite") && uri.strip().toLowerCase(java.util.Locale.ROOT).startsWith("jdbc:")) {
            return null;
        }
        if (scheme.startsWith("sqlite") || scheme.startsWith("sqllite") || scheme.equals("sqlite3")) {
            return "jdbc:sqlite:" + SourceNames.afterScheme(uri);
        }
        return null;
    }

    @Override
    public String defaultName(String uri) {
        Path file = SqliteFiles.pathFromJdbcUrl(uri.strip());
        return SourceNames.sanitize(file.getFileName().toString().replaceFirst("\\.(db|sqlite3?|s3db)$", ""));
    }

    @Override
    public BackupSource source(String name, String uri, SourceSettings settings) {
        return new SqliteSource(name, SqliteFiles.pathFromJdbcUrl(uri.strip()));
    }

    @Override
    public RestoreTarget target(String uri, SourceSettings settings) {
        return new SqliteRestoreTarget(SqliteFiles.pathFromJdbcUrl(uri.strip()));
    }

    /** The file may be open (the application's own pool): it is overwritten through SQLite, not replaced. */
    @Override
    public ExistingTarget existing(String name, String uri, SourceSettings settings) {
        Path file = SqliteFiles.pathFromJdbcUrl(uri.strip());
        return new ExistingTarget(SqliteRestoreTarget.live(file), new SqliteSource(name, file), () -> Files.exists(file), false);
    }

    /** A temporary file, whatever {@code uri} names: a drill must never touch the source's own folder. */
    @Override
    public ScratchTarget scratch(String uri, SourceSettings settings) {
        SqliteFiles.pathFromJdbcUrl(uri.strip()); // the URI is still checked
        return new SqliteScratchTarget();
    }
}
