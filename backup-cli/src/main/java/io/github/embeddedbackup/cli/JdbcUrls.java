package io.github.embeddedbackup.cli;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.source.BackupSource;
import io.github.embeddedbackup.core.source.RestoreTarget;
import io.github.embeddedbackup.core.source.files.FileTreeRestoreTarget;
import io.github.embeddedbackup.core.source.files.FileTreeSource;
import io.github.embeddedbackup.core.source.postgres.PgConnectionInfo;
import io.github.embeddedbackup.core.source.postgres.PgDumpSource;
import io.github.embeddedbackup.core.source.postgres.PgRestoreTarget;
import io.github.embeddedbackup.core.source.sqlite.SqliteFiles;
import io.github.embeddedbackup.core.source.sqlite.SqliteRestoreTarget;
import io.github.embeddedbackup.core.source.sqlite.SqliteSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Turns the values of {@code --source} and {@code --target} (JDBC URLs, {@code file:} folders) into sources and targets. */
final class JdbcUrls {

    private JdbcUrls() {}

    /**
     * Sources from {@code [name=]jdbc-url} values. Without a name, a source is named after its
     * database (PostgreSQL) or file (SQLite). Two sources with one name are refused (by the engine):
     * a renamed source would be restored under a name the user never gave.
     */
    static List<BackupSource> sources(List<String> values, String pgDumpPath, boolean countRows) {
        List<BackupSource> sources = new ArrayList<>();
        for (String given : values) {
            String value = given.strip(); // a pasted trailing space must not become part of a file name or source name
            String name = null;
            String url = value;
            int eq = value.indexOf('=');
            if (eq > 0 && !value.startsWith("jdbc:") && !value.startsWith("file:")) {
                name = value.substring(0, eq);
                url = value.substring(eq + 1);
            }
            if (url.startsWith("jdbc:postgresql:")) {
                PgConnectionInfo info = PgConnectionInfo.fromJdbcUrl(url);
                sources.add(new PgDumpSource(name != null ? name : sanitize(info.database()), info, pgDumpPath, countRows));
            } else if (url.startsWith("jdbc:sqlite:")) {
                Path file = SqliteFiles.pathFromJdbcUrl(url);
                String base = file.getFileName().toString().replaceFirst("\\.(db|sqlite3?|s3db)$", "");
                sources.add(new SqliteSource(name != null ? name : sanitize(base), file));
            } else if (url.startsWith("file:")) {
                Path folder = folder(url);
                String base = folder.getFileName() == null ? "files" : folder.getFileName().toString();
                sources.add(new FileTreeSource(name != null ? name : sanitize(base), folder));
            } else {
                throw new BackupConfigurationException("Unsupported --source '" + PgConnectionInfo.redact(url) + "'" + suggestion(url)
                        + ". Accepted forms: jdbc:postgresql://host:5432/db?user=name, jdbc:sqlite:/path/file.db or a folder file:/path, "
                        + "each optionally as NAME=value.");
            }
        }
        return sources;
    }

    static RestoreTarget target(String given, String pgRestorePath) {
        String url = given.strip();
        if (url.startsWith("jdbc:postgresql:")) {
            return new PgRestoreTarget(PgConnectionInfo.fromJdbcUrl(url), pgRestorePath);
        }
        if (url.startsWith("jdbc:sqlite:")) {
            return new SqliteRestoreTarget(SqliteFiles.pathFromJdbcUrl(url));
        }
        if (url.startsWith("file:")) {
            return new FileTreeRestoreTarget(folder(url));
        }
        throw new BackupConfigurationException("Unsupported --target '" + PgConnectionInfo.redact(url) + "'" + suggestion(url)
                + ". Accepted forms: jdbc:postgresql://host:5432/newdb?user=name, jdbc:sqlite:/path/restored.db or a folder file:/path/restored.");
    }

    /** A hint for the usual typos: jdbc:postgres://, postgresql:// without jdbc:, jdbc:sqllite:. */
    static String suggestion(String url) {
        String lower = url.toLowerCase(java.util.Locale.ROOT);
        int colon = lower.indexOf(':', lower.startsWith("jdbc:") ? 5 : 0);
        if (colon < 0) {
            return "";
        }
        String scheme = lower.substring(lower.startsWith("jdbc:") ? 5 : 0, colon);
        String rest = url.substring(colon + 1);
        if (scheme.startsWith("postgres") || scheme.equals("pg") || scheme.equals("pgsql")) {
            return " (did you mean jdbc:postgresql:" + (rest.startsWith("//") ? PgConnectionInfo.redact(rest) : "//…") + "?)";
        }
        if (scheme.startsWith("sqlite") || scheme.startsWith("sqllite") || scheme.equals("sqlite3")) {
            return " (did you mean jdbc:sqlite:" + rest + "?)";
        }
        return "";
    }

    private static Path folder(String url) {
        String path = url.startsWith("file://") ? url.substring("file://".length()) : url.substring("file:".length());
        if (path.isEmpty()) {
            throw new BackupConfigurationException("'" + url + "' names no folder. Write file:/path/to/folder.");
        }
        return Path.of(path);
    }

    private static String sanitize(String name) {
        String clean = name.replaceAll("[^A-Za-z0-9._-]", "_");
        if (clean.isEmpty() || !Character.isLetterOrDigit(clean.charAt(0))) {
            clean = "db" + clean;
        }
        return clean.length() > 100 ? clean.substring(0, 100) : clean;
    }

}
