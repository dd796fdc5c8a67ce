package io.github.embeddedbackup.autoconfigure;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.source.BackupSource;
import io.github.embeddedbackup.core.source.files.FileTreeSource;
import io.github.embeddedbackup.core.source.postgres.PgConnectionInfo;
import io.github.embeddedbackup.core.source.postgres.PgDumpSource;
import io.github.embeddedbackup.core.source.sqlite.SqliteFiles;
import io.github.embeddedbackup.core.source.sqlite.SqliteSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Builds the sources from {@code backup.datasource} and {@code backup.sources.*}. */
final class BackupSourcesFactory {

    private BackupSourcesFactory() {}

    /**
     * @param dataSource the application's DataSource URL, user and password, or null when it has none
     */
    static Plan create(BackupProperties properties, @Nullable DataSourceSettings dataSource) {
        List<BackupSource> sources = new ArrayList<>();
        String skipped = null;
        BackupProperties.DataSourceSource own = properties.getDatasource();
        if (own.isEnabled() && dataSource != null) {
            String url = dataSource.url();
            String reason = url == null ? "spring.datasource.url is not set (an embedded database such as H2, or a DataSource the "
                    + "application builds itself), so the starter cannot tell which database it is" : unsupported(url);
            if (reason == null) {
                sources.add(fromUrl(own.getName(), url, dataSource.username(), dataSource.password(), own.getPgDumpPath(),
                        "spring.datasource.url", "backup.datasource.enabled=false"));
            } else {
                skipped = "The application's DataSource" + (url == null ? "" : " (" + PgConnectionInfo.redact(url) + ")")
                        + " is not backed up: " + reason + ".";
            }
        }
        for (Map.Entry<String, BackupProperties.Source> entry : properties.getSources().entrySet()) {
            sources.add(fromProperties(entry.getKey(), entry.getValue()));
        }
        return new Plan(sources, skipped);
    }

    /** Why a JDBC URL cannot be backed up, or null when it can. */
    private static @Nullable String unsupported(String url) {
        if (url.startsWith("jdbc:postgresql:") || url.startsWith("jdbc:sqlite:")) {
            return null;
        }
        if (url.startsWith("jdbc:h2:") || url.startsWith("jdbc:hsqldb:") || url.startsWith("jdbc:derby:")) {
            return "embedded databases such as H2, HSQLDB and Derby cannot be backed up (only PostgreSQL and SQLite)";
        }
        if (url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:")) {
            return "MySQL and MariaDB are not supported yet (only PostgreSQL and SQLite)";
        }
        return "only PostgreSQL (jdbc:postgresql:) and SQLite (jdbc:sqlite:) databases can be backed up";
    }

    /**
     * The sources, and why the application's DataSource is not among them.
     *
     * @param sources what each backup covers (may be empty)
     * @param skippedDataSource a sentence saying which DataSource is not backed up and why, or null
     */
    record Plan(List<BackupSource> sources, @Nullable String skippedDataSource) {}

    private static BackupSource fromProperties(String name, BackupProperties.Source source) {
        String prefix = "backup.sources." + name;
        String type = source.getType() != null ? source.getType().toLowerCase(Locale.ROOT)
                : source.getPath() != null ? "files" : null;
        if ("files".equals(type)) {
            if (source.getPath() == null) {
                throw new BackupPropertyException(prefix + ".path", "a files source needs the directory to back up.",
                        "set it, e.g. " + prefix + ".path=/var/lib/app/uploads", null);
            }
            return new FileTreeSource(name, Path.of(source.getPath()), source.getIncludes(), source.getExcludes());
        }
        if (source.getUrl() == null) {
            throw new BackupPropertyException(prefix + ".url", "source '" + name + "' has neither a JDBC url nor a path.",
                    "set " + prefix + ".url=jdbc:postgresql://host:5432/db (or jdbc:sqlite:/path/file.db), or " + prefix
                            + ".path=/dir for a directory", null);
        }
        return fromUrl(name, source.getUrl(), source.getUsername(), source.getPassword(), source.getPgDumpPath(), prefix + ".url",
                "remove " + prefix);
    }

    private static BackupSource fromUrl(String name, String url, @Nullable String username, @Nullable String password,
            String pgDumpPath, String property, String alternative) {
        try {
            if (url.startsWith("jdbc:postgresql:")) {
                return new PgDumpSource(name, PgConnectionInfo.fromJdbcUrl(url, username, password), pgDumpPath, true);
            }
            if (url.startsWith("jdbc:sqlite:")) {
                return new SqliteSource(name, SqliteFiles.pathFromJdbcUrl(url));
            }
        } catch (BackupConfigurationException e) {
            throw new BackupPropertyException(property, e.getMessage(), "correct the URL, or " + alternative, e);
        }
        throw new BackupPropertyException(property, "'" + PgConnectionInfo.redact(url) + "' is neither a PostgreSQL nor a SQLite "
                + "JDBC URL, and only those databases can be backed up.", "use PostgreSQL or SQLite, or " + alternative, null);
    }

    /**
     * The application's DataSource settings.
     *
     * @param url its JDBC URL
     * @param username its user, if set apart from the URL
     * @param password its password, if set apart from the URL
     */
    record DataSourceSettings(@Nullable String url, @Nullable String username, @Nullable String password) {

        /** A DataSource whose URL is not known (not in spring.datasource.url). */
        static DataSourceSettings unknown() {
            return new DataSourceSettings(null, null, null);
        }

        @Override
        public String toString() {
            return "DataSourceSettings[url=" + (url == null ? null : PgConnectionInfo.redact(url)) + ", username=" + username + "]";
        }
    }
}
