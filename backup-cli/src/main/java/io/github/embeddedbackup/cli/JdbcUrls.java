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
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Turns the values of {@code --source} and {@code --target} (JDBC URLs, {@code file:} folders) into sources and targets. */
final class JdbcUrls {

    private JdbcUrls() {}

    /**
     * Sources from {@code [name=]jdbc-url} values. Without a name, a source is named after its
     * database (PostgreSQL) or file (SQLite); clashing names get a numeric suffix.
     */
    static List<BackupSource> sources(List<String> values, String pgDumpPath, boolean countRows) {
        List<BackupSource> sources = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (String value : values) {
            String name = null;
            String url = value;
            int eq = value.indexOf('=');
            if (eq > 0 && !value.startsWith("jdbc:") && !value.startsWith("file:")) {
                name = value.substring(0, eq);
                url = value.substring(eq + 1);
            }
            if (url.startsWith("jdbc:postgresql:")) {
                PgConnectionInfo info = PgConnectionInfo.fromJdbcUrl(url);
                sources.add(new PgDumpSource(unique(name != null ? name : sanitize(info.database()), used), info, pgDumpPath, countRows));
            } else if (url.startsWith("jdbc:sqlite:")) {
                Path file = SqliteFiles.pathFromJdbcUrl(url);
                String base = file.getFileName().toString().replaceFirst("\\.(db|sqlite3?|s3db)$", "");
                sources.add(new SqliteSource(unique(name != null ? name : sanitize(base), used), file));
            } else if (url.startsWith("file:")) {
                Path folder = folder(url);
                String base = folder.getFileName() == null ? "files" : folder.getFileName().toString();
                sources.add(new FileTreeSource(unique(name != null ? name : sanitize(base), used), folder));
            } else {
                throw new BackupConfigurationException("Unsupported source '" + PgConnectionInfo.redact(url) + "'. Give a JDBC URL "
                        + "(jdbc:postgresql://host:5432/db?user=name, jdbc:sqlite:/path/file.db) or a folder (file:/path), optionally as name=value.");
            }
        }
        return sources;
    }

    static RestoreTarget target(String url, String pgRestorePath) {
        if (url.startsWith("jdbc:postgresql:")) {
            return new PgRestoreTarget(PgConnectionInfo.fromJdbcUrl(url), pgRestorePath);
        }
        if (url.startsWith("jdbc:sqlite:")) {
            return new SqliteRestoreTarget(SqliteFiles.pathFromJdbcUrl(url));
        }
        if (url.startsWith("file:")) {
            return new FileTreeRestoreTarget(folder(url));
        }
        throw new BackupConfigurationException("Unsupported target '" + PgConnectionInfo.redact(url) + "'. Give a JDBC URL "
                + "(jdbc:postgresql://host:5432/newdb?user=name, jdbc:sqlite:/path/restored.db) or a folder (file:/path/restored).");
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

    private static String unique(String name, Set<String> used) {
        String candidate = name;
        for (int i = 2; !used.add(candidate); i++) {
            candidate = name + "-" + i;
        }
        return candidate;
    }
}
