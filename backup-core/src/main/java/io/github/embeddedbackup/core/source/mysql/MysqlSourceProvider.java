package io.github.embeddedbackup.core.source.mysql;

import io.github.embeddedbackup.core.source.BackupSource;
import io.github.embeddedbackup.core.source.ExistingTarget;
import io.github.embeddedbackup.core.source.RestoreTarget;
import io.github.embeddedbackup.core.source.ScratchTarget;
import io.github.embeddedbackup.core.source.SourceNames;
import io.github.embeddedbackup.core.source.SourceProvider;
import io.github.embeddedbackup.core.source.SourceSettings;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** {@code jdbc:mariadb:} and {@code jdbc:mysql:} URLs: an SQL dump by {@code mariadb-dump}/{@code mysqldump}, loaded by the client. */
public final class MysqlSourceProvider implements SourceProvider {

    @Override
    public String type() {
        return MysqlDumpSource.TYPE;
    }

    @Override
    public List<String> prefixes() {
        return List.of("jdbc:mariadb:", "jdbc:mysql:");
    }

    @Override
    public List<String> examples() {
        return List.of("jdbc:mariadb://host:3306/db?user=name", "jdbc:mysql://host:3306/db?user=name");
    }

    @Override
    public String redact(String uri) {
        return MysqlConnectionInfo.redact(uri);
    }

    /** {@code jdbc:maria://}, {@code jdbc:mysql5://}, {@code mariadb://} (without {@code jdbc:}) and the like. */
    @Override
    public @Nullable String suggestion(String uri) {
        String scheme = SourceNames.jdbcScheme(uri);
        if (scheme == null) {
            return null;
        }
        boolean jdbc = uri.strip().toLowerCase(Locale.ROOT).startsWith("jdbc:");
        String kind;
        if (scheme.startsWith("maria")) {
            kind = "mariadb";
        } else if (scheme.startsWith("mysql") || scheme.equals("my-sql") || scheme.equals("mysqlx")) {
            kind = "mysql";
        } else {
            return null;
        }
        if (jdbc && scheme.equals(kind)) {
            return null; // already right (or a form this provider explains itself)
        }
        String rest = SourceNames.afterScheme(uri);
        return "jdbc:" + kind + ":" + (rest.startsWith("//") ? MysqlConnectionInfo.redact(rest) : "//…");
    }

    @Override
    public String defaultName(String uri) {
        return SourceNames.sanitize(MysqlConnectionInfo.fromJdbcUrl(uri).database());
    }

    @Override
    public BackupSource source(String name, String uri, SourceSettings settings) {
        return new MysqlDumpSource(name, connection(uri, settings), settings.dumpTool(), settings.countRows());
    }

    @Override
    public RestoreTarget target(String uri, SourceSettings settings) {
        return new MysqlRestoreTarget(connection(uri, settings), settings.restoreTool());
    }

    @Override
    public ExistingTarget existing(String name, String uri, SourceSettings settings) {
        MysqlRestoreTarget target = new MysqlRestoreTarget(connection(uri, settings), settings.restoreTool());
        return new ExistingTarget(target, source(name, uri, settings), target::holdsData, true);
    }

    private static MysqlConnectionInfo connection(String uri, SourceSettings settings) {
        return MysqlConnectionInfo.fromJdbcUrl(uri, settings.username(), settings.password()).withClientOptions(settings.extra());
    }

    @Override
    public ScratchTarget scratch(String uri, SourceSettings settings) {
        return new MysqlScratchTarget(connection(uri, settings), settings.restoreTool());
    }
}
