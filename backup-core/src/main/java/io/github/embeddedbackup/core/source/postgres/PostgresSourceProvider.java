package io.github.embeddedbackup.core.source.postgres;

import io.github.embeddedbackup.core.source.BackupSource;
import io.github.embeddedbackup.core.source.ExistingTarget;
import io.github.embeddedbackup.core.source.RestoreTarget;
import io.github.embeddedbackup.core.source.ScratchTarget;
import io.github.embeddedbackup.core.source.SourceNames;
import io.github.embeddedbackup.core.source.SourceProvider;
import io.github.embeddedbackup.core.source.SourceSettings;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@code jdbc:postgresql:} URLs: {@code pg_dump} in custom format, {@code pg_restore}. */
public final class PostgresSourceProvider implements SourceProvider {

    @Override
    public String type() {
        return PgDumpSource.TYPE;
    }

    @Override
    public List<String> prefixes() {
        return List.of("jdbc:postgresql:");
    }

    @Override
    public List<String> examples() {
        return List.of("jdbc:postgresql://host:5432/db?user=name");
    }

    @Override
    public String redact(String uri) {
        return PgConnectionInfo.redact(uri);
    }

    @Override
    public @Nullable String suggestion(String uri) {
        String scheme = SourceNames.jdbcScheme(uri);
        if (scheme == null || scheme.equals("postgresql") && uri.strip().toLowerCase(java.util.Locale.ROOT).startsWith("jdbc:")) {
            return null;
        }
        if (scheme.startsWith("postgres") || scheme.equals("pg") || scheme.equals("pgsql")) {
            String rest = SourceNames.afterScheme(uri);
            return "jdbc:postgresql:" + (rest.startsWith("//") ? PgConnectionInfo.redact(rest) : "//…");
        }
        return null;
    }

    @Override
    public String defaultName(String uri) {
        return SourceNames.sanitize(PgConnectionInfo.fromJdbcUrl(uri.strip()).database());
    }

    @Override
    public BackupSource source(String name, String uri, SourceSettings settings) {
        return new PgDumpSource(name, connection(uri, settings), settings.dumpTool("pg_dump"), settings.countRows());
    }

    @Override
    public RestoreTarget target(String uri, SourceSettings settings) {
        return new PgRestoreTarget(connection(uri, settings), settings.restoreTool("pg_restore"));
    }

    @Override
    public ExistingTarget existing(String name, String uri, SourceSettings settings) {
        PgRestoreTarget target = new PgRestoreTarget(connection(uri, settings), settings.restoreTool("pg_restore"));
        return new ExistingTarget(target, source(name, uri, settings), target::databaseExists, true);
    }

    private static PgConnectionInfo connection(String uri, SourceSettings settings) {
        return PgConnectionInfo.fromJdbcUrl(uri.strip(), settings.username(), settings.password());
    }

    @Override
    public ScratchTarget scratch(String uri, SourceSettings settings) {
        return new PgScratchTarget(connection(uri, settings), settings.restoreTool("pg_restore"));
    }
}
