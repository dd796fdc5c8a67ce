package io.github.embeddedbackup.autoconfigure;

import io.github.embeddedbackup.core.archive.ArchiveWriter;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.util.unit.DataSize;

/** Settings of the embedded backup, under {@code backup.*}. */
@ConfigurationProperties("backup")
public class BackupProperties {

    /** Whether backups are enabled at all. */
    private boolean enabled = true;

    /** When to back up, as a Spring cron expression (second minute hour day month weekday). Empty: no schedule. */
    private String schedule = "0 0 2 * * *";

    /** Time zone of the schedule and of the retention calendar. Defaults to the system time zone. */
    private @Nullable ZoneId zone;

    /** Whether to back up at start-up when the last scheduled backup was missed (or there is none yet). */
    private boolean catchUp = true;

    /**
     * How long shutdown waits for a running backup before aborting it (an aborted backup leaves nothing listed); the
     * abort itself takes at most 2 s more. Below the platform's grace period (Kubernetes: 30s) by default.
     */
    private Duration shutdownTimeout = Duration.ofSeconds(20);

    /** The application's own DataSource as a backup source. */
    private final DataSourceSource datasource = new DataSourceSource();

    /** Further named sources: other databases and directories. */
    private final Map<String, Source> sources = new LinkedHashMap<>();

    /** Where backups are stored. */
    private final Storage storage = new Storage();

    /** Further destinations that receive every backup in the same pass (e.g. an off-site copy), each with its own retention. */
    private final Map<String, Mirror> mirrors = new LinkedHashMap<>();

    /** Compression of the archive. */
    private final Compression compression = new Compression();

    /** Encryption of the archive. */
    private final Encryption encryption = new Encryption();

    /** Which backups to keep; applied after each successful backup. */
    private final Retention retention = new Retention();

    /** The 'backup' health indicator. */
    private final Health health = new Health();

    /** Retries of failed scheduled backups. */
    private final Retry retry = new Retry();

    /** Restores started through the REST API. */
    private final Restore restore = new Restore();

    /** The REST API (/api/backup). */
    private final Api api = new Api();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getSchedule() {
        return schedule;
    }

    public void setSchedule(String schedule) {
        if (schedule != null && !schedule.isBlank() && !CronExpression.isValidExpression(schedule.trim())) {
            throw new IllegalArgumentException("backup.schedule: '" + schedule + "' is not a valid Spring cron expression. It has six fields, "
                    + "second minute hour day-of-month month day-of-week, e.g. \"0 0 2 * * *\" for 02:00 every day");
        }
        this.schedule = schedule == null ? "" : schedule.trim();
    }

    public @Nullable ZoneId getZone() {
        return zone;
    }

    public void setZone(@Nullable ZoneId zone) {
        this.zone = zone;
    }

    /** The zone in force: the configured one or the system's. */
    public ZoneId effectiveZone() {
        return zone != null ? zone : ZoneId.systemDefault();
    }

    public boolean isCatchUp() {
        return catchUp;
    }

    public void setCatchUp(boolean catchUp) {
        this.catchUp = catchUp;
    }

    public Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
        if (shutdownTimeout == null || shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("backup.shutdown-timeout must be zero or positive (e.g. 30s; 0 aborts a running backup at "
                    + "once); a negative value is not allowed");
        }
        this.shutdownTimeout = shutdownTimeout;
    }

    public DataSourceSource getDatasource() {
        return datasource;
    }

    public Map<String, Source> getSources() {
        return sources;
    }

    public Storage getStorage() {
        return storage;
    }

    public Map<String, Mirror> getMirrors() {
        return mirrors;
    }

    public Compression getCompression() {
        return compression;
    }

    public Encryption getEncryption() {
        return encryption;
    }

    public Retention getRetention() {
        return retention;
    }

    public Health getHealth() {
        return health;
    }

    public Retry getRetry() {
        return retry;
    }

    public Restore getRestore() {
        return restore;
    }

    public Api getApi() {
        return api;
    }

    /** The application's DataSource as a source. */
    public static class DataSourceSource {

        /** Whether to back up the application's DataSource (PostgreSQL or SQLite, told from its URL). */
        private boolean enabled = true;

        /** Name of this source in the backups. */
        private String name = "main";

        /** The dump program (pg_dump, mariadb-dump, …): a name on the PATH or a full path. Default: the source's own. */
        private @Nullable String dumpTool;

        /** The restore program for restoring in place (pg_restore, mariadb, …). Default: the source's own. */
        private @Nullable String restoreTool;

        /** Former name of dump-tool, for PostgreSQL. */
        private @Nullable String pgDumpPath;

        public @Nullable String getDumpTool() {
            return dumpTool;
        }

        public void setDumpTool(@Nullable String dumpTool) {
            this.dumpTool = dumpTool;
        }

        public @Nullable String getRestoreTool() {
            return restoreTool;
        }

        public void setRestoreTool(@Nullable String restoreTool) {
            this.restoreTool = restoreTool;
        }

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public @Nullable String getPgDumpPath() {
            return pgDumpPath;
        }

        public void setPgDumpPath(@Nullable String pgDumpPath) {
            this.pgDumpPath = pgDumpPath;
        }
    }

    /** A named source. */
    public static class Source {

        /** Kind of source: files for a directory (told from path when not set); a database's kind is told from its url. */
        private @Nullable String type;

        /** URL of a database: jdbc:postgresql:, jdbc:mariadb:, jdbc:mysql:, jdbc:sqlite:, or another installed source's. */
        private @Nullable String url;

        /** Database user, when not in the URL. */
        private @Nullable String username;

        /** Database password, when not in the URL. */
        private @Nullable String password;

        /** Directory to back up (files). */
        private @Nullable String path;

        /** Globs of paths to include, relative to the directory (files). Empty: everything. */
        private List<String> includes = new ArrayList<>();

        /** Globs of paths to exclude, relative to the directory (files). */
        private List<String> excludes = new ArrayList<>();

        /** The dump program (pg_dump, mariadb-dump, …): a name on the PATH or a full path. Default: the source's own. */
        private @Nullable String dumpTool;

        /** The restore program (pg_restore, mariadb, …) for restoring into it. Default: the source's own. */
        private @Nullable String restoreTool;

        /** Former name of dump-tool, for PostgreSQL. */
        private @Nullable String pgDumpPath;

        /** Further settings of the source's kind, e.g. client-ssl-ca for MySQL/MariaDB (see docs/mysql.md). */
        private Map<String, String> options = new LinkedHashMap<>();

        public Map<String, String> getOptions() {
            return options;
        }

        public void setOptions(Map<String, String> options) {
            this.options = options;
        }

        public @Nullable String getDumpTool() {
            return dumpTool;
        }

        public void setDumpTool(@Nullable String dumpTool) {
            this.dumpTool = dumpTool;
        }

        public @Nullable String getRestoreTool() {
            return restoreTool;
        }

        public void setRestoreTool(@Nullable String restoreTool) {
            this.restoreTool = restoreTool;
        }

        public @Nullable String getType() {
            return type;
        }

        public void setType(@Nullable String type) {
            this.type = type;
        }

        public @Nullable String getUrl() {
            return url;
        }

        public void setUrl(@Nullable String url) {
            this.url = url;
        }

        public @Nullable String getUsername() {
            return username;
        }

        public void setUsername(@Nullable String username) {
            this.username = username;
        }

        public @Nullable String getPassword() {
            return password;
        }

        public void setPassword(@Nullable String password) {
            this.password = password;
        }

        public @Nullable String getPath() {
            return path;
        }

        public void setPath(@Nullable String path) {
            this.path = path;
        }

        public List<String> getIncludes() {
            return includes;
        }

        public void setIncludes(List<String> includes) {
            this.includes = includes;
        }

        public List<String> getExcludes() {
            return excludes;
        }

        public void setExcludes(List<String> excludes) {
            this.excludes = excludes;
        }

        public @Nullable String getPgDumpPath() {
            return pgDumpPath;
        }

        public void setPgDumpPath(@Nullable String pgDumpPath) {
            this.pgDumpPath = pgDumpPath;
        }

        @Override
        public String toString() {
            return "Source[type=" + type + ", url=" + (url == null ? null : io.github.embeddedbackup.core.source.SourceProviders.installed().redact(url))
                    + ", username=" + username + ", password=" + (password == null ? null : "****") + ", path=" + path + "]";
        }
    }

    /** Storage settings. */
    public static class Storage {

        /**
         * Kind of storage: local (a folder, backup.storage.local.path, default ./backups), s3 or gcs (with backup-storage-s3 /
         * backup-storage-gcs on the classpath), or the type of another installed storage module. Its settings go under
         * backup.storage.<type>.*.
         */
        private String type = "local";

        // The settings of each type (backup.storage.s3.bucket, …) belong to its provider, which declares and checks them;
        // they are read as a map (BackupPlanFactory), so a new storage module needs no field here. Only local is bound here
        // too: a mirror given by nothing but local.path (its type defaults to local) must still be an entry of the map.

        /** A folder on this machine (backup.storage.type=local). */
        private final Local local = new Local();

        public Local getLocal() {
            return local;
        }

        /** A folder on this machine. */
        public static class Local {

            /** The folder that holds the backups; created when missing. */
            private String path = "./backups";

            public String getPath() {
                return path;
            }

            public void setPath(String path) {
                this.path = path;
            }
        }

        public String getType() {
            return type;
        }

        public void setType(String type) {
            this.type = type;
        }
    }

    /** A further destination: a storage with its own retention. */
    public static class Mirror extends Storage {

        /** Whether a backup fails when this destination fails. An optional destination that fails is left out with a warning. */
        private boolean required = true;

        /** Which backups this destination keeps. */
        private final Retention retention = new Retention();

        public boolean isRequired() {
            return required;
        }

        public void setRequired(boolean required) {
            this.required = required;
        }

        public Retention getRetention() {
            return retention;
        }
    }

    /** Compression settings. */
    public static class Compression {

        /** Compression of the archive: zstd, gzip or none. */
        private String type = "zstd";

        /** Compression level: zstd 1-19 (default 3), gzip 1-9 (default 6). */
        private @Nullable Integer level;

        /** Compression threads (zstd and gzip). Defaults to the number of processors. */
        private @Nullable Integer threads;

        /** Largest tar part a streamed dump is cut into: the heap one dump needs (1KB to 512MB). */
        private DataSize partSize = DataSize.ofBytes(ArchiveWriter.DEFAULT_PART_SIZE);

        public String getType() {
            return type;
        }

        public void setType(String type) {
            this.type = type;
        }

        public @Nullable Integer getLevel() {
            return level;
        }

        public void setLevel(@Nullable Integer level) {
            this.level = level;
        }

        public @Nullable Integer getThreads() {
            return threads;
        }

        public void setThreads(@Nullable Integer threads) {
            this.threads = threads;
        }

        public DataSize getPartSize() {
            return partSize;
        }

        public void setPartSize(DataSize partSize) {
            this.partSize = partSize;
        }

    }

    /** Encryption settings; any mix turns encryption on. */
    public static class Encryption {

        /** Passphrase that encrypts backups (at least 8 characters). Pass it from the environment: ${BACKUP_PASSPHRASE}. */
        private @Nullable String passphrase;

        /** Files that each hold a base64 256-bit key. */
        private List<String> keyFiles = new ArrayList<>();

        /** Public key files from 'backup-cli keygen': the service can write backups that only the private key opens. */
        private List<String> recipientFiles = new ArrayList<>();

        public @Nullable String getPassphrase() {
            return passphrase;
        }

        public void setPassphrase(@Nullable String passphrase) {
            this.passphrase = passphrase;
        }

        public List<String> getKeyFiles() {
            return keyFiles;
        }

        public void setKeyFiles(List<String> keyFiles) {
            this.keyFiles = keyFiles;
        }

        public List<String> getRecipientFiles() {
            return recipientFiles;
        }

        public void setRecipientFiles(List<String> recipientFiles) {
            this.recipientFiles = recipientFiles;
        }

        @Override
        public String toString() {
            return "Encryption[passphrase=" + (passphrase == null ? "none" : "****") + ", keyFiles=" + keyFiles + ", recipientFiles="
                    + recipientFiles + "]";
        }
    }

    /** Retention settings. A backup is kept when any rule keeps it; the newest backup is always kept. */
    public static class Retention {

        /** Whether to apply retention after each successful backup. */
        private boolean enabled = true;

        /** Keep the newest N backups. */
        private int keepLast;

        /** Keep the newest backup of each of the last N hours. */
        private int keepHourly;

        /** Keep the newest backup of each of the last N days. */
        private int keepDaily;

        /** Keep the newest backup of each of the last N ISO weeks. */
        private int keepWeekly;

        /** Keep the newest backup of each of the last N months. */
        private int keepMonthly;

        /** Keep the newest backup of each of the last N years. */
        private int keepYearly;

        /** Keep every backup younger than this; 0 turns this rule off. */
        private @Nullable Duration keepWithin = Duration.ofDays(30);

        /** Then drop the oldest kept backups until all together are at most this big. */
        private @Nullable DataSize maxTotalSize;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getKeepLast() {
            return keepLast;
        }

        public void setKeepLast(int keepLast) {
            this.keepLast = keepLast;
        }

        public int getKeepHourly() {
            return keepHourly;
        }

        public void setKeepHourly(int keepHourly) {
            this.keepHourly = keepHourly;
        }

        public int getKeepDaily() {
            return keepDaily;
        }

        public void setKeepDaily(int keepDaily) {
            this.keepDaily = keepDaily;
        }

        public int getKeepWeekly() {
            return keepWeekly;
        }

        public void setKeepWeekly(int keepWeekly) {
            this.keepWeekly = keepWeekly;
        }

        public int getKeepMonthly() {
            return keepMonthly;
        }

        public void setKeepMonthly(int keepMonthly) {
            this.keepMonthly = keepMonthly;
        }

        public int getKeepYearly() {
            return keepYearly;
        }

        public void setKeepYearly(int keepYearly) {
            this.keepYearly = keepYearly;
        }

        public @Nullable Duration getKeepWithin() {
            return keepWithin;
        }

        public void setKeepWithin(@Nullable Duration keepWithin) {
            this.keepWithin = keepWithin;
        }

        public @Nullable DataSize getMaxTotalSize() {
            return maxTotalSize;
        }

        public void setMaxTotalSize(@Nullable DataSize maxTotalSize) {
            this.maxTotalSize = maxTotalSize;
        }
    }

    /** Health indicator settings. */
    public static class Health {

        /** The 'backup' health is DOWN when the last successful backup is older than this. */
        private Duration maxAge = Duration.ofHours(25);

        /**
         * Whether a DOWN 'backup' health turns the application's overall /actuator/health DOWN (503). Off: the
         * component is reported at /actuator/health/backup only, so a backup problem never takes the application
         * out of its load balancer.
         */
        private boolean affectsOverall = false;

        public boolean isAffectsOverall() {
            return affectsOverall;
        }

        public void setAffectsOverall(boolean affectsOverall) {
            this.affectsOverall = affectsOverall;
        }

        public Duration getMaxAge() {
            return maxAge;
        }

        public void setMaxAge(Duration maxAge) {
            if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
                throw new IllegalArgumentException("backup.health.max-age must be a positive duration, e.g. 25h");
            }
            this.maxAge = maxAge;
        }
    }

    /** Retry settings for failed scheduled backups. */
    public static class Retry {

        /** Attempts of a scheduled backup, the first included. 1: no retry. */
        private int maxAttempts = 3;

        /** Wait before the first retry; doubled for each further one. */
        private Duration initialBackoff = Duration.ofMinutes(1);

        public int getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("backup.retry.max-attempts must be at least 1");
            }
            this.maxAttempts = maxAttempts;
        }

        public Duration getInitialBackoff() {
            return initialBackoff;
        }

        public void setInitialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
        }
    }

    /** Restore settings. */
    public static class Restore {

        /** Back up the target before a restore replaces what it holds. */
        private boolean safetyBackup = true;

        /** Allow restoring a source into itself (the application's own database), replacing its content. */
        private boolean allowInPlace = true;

        /** Former global pg_restore program; use backup.datasource.restore-tool or backup.sources.<name>.restore-tool. */
        private @Nullable String pgRestorePath;

        /** The allow-list of other targets a restore may write to, by name: url (+ username, password) or path (a folder). */
        private final Map<String, Source> targets = new LinkedHashMap<>();

        public boolean isSafetyBackup() {
            return safetyBackup;
        }

        public void setSafetyBackup(boolean safetyBackup) {
            this.safetyBackup = safetyBackup;
        }

        public boolean isAllowInPlace() {
            return allowInPlace;
        }

        public void setAllowInPlace(boolean allowInPlace) {
            this.allowInPlace = allowInPlace;
        }

        public @Nullable String getPgRestorePath() {
            return pgRestorePath;
        }

        public void setPgRestorePath(@Nullable String pgRestorePath) {
            this.pgRestorePath = pgRestorePath;
        }

        public Map<String, Source> getTargets() {
            return targets;
        }
    }

    /** REST API settings. Closed by default: every call needs credentials. */
    public static class Api {

        /** Whether the REST API is registered (a servlet web application is needed). */
        private boolean enabled = true;

        /** Where the API answers. */
        private String basePath = "/api/backup";

        /** Bearer token accepted when Spring Security is not on the classpath; at least 16 characters. Unset: every call is refused. */
        private @Nullable String token;

        /** Authority a caller needs when Spring Security is on the classpath (ROLE_ + it is accepted too). */
        private String authority = "BACKUP_ADMIN";

        /** Largest request body accepted. */
        private DataSize maxBodySize = DataSize.ofKilobytes(64);

        /** Origins allowed to call the API from a browser (CORS). Empty: CORS stays off. */
        private List<String> corsAllowedOrigins = new ArrayList<>();

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getBasePath() {
            return basePath;
        }

        public void setBasePath(String basePath) {
            if (basePath == null || !basePath.matches("(/[A-Za-z0-9._~-]+)+")) {
                throw new IllegalArgumentException("backup.api.base-path must be a path such as /api/backup (no trailing slash, no wildcards)");
            }
            this.basePath = basePath;
        }

        public @Nullable String getToken() {
            return token;
        }

        public void setToken(@Nullable String token) {
            this.token = token;
        }

        public String getAuthority() {
            return authority;
        }

        public void setAuthority(String authority) {
            this.authority = authority;
        }

        public DataSize getMaxBodySize() {
            return maxBodySize;
        }

        public void setMaxBodySize(DataSize maxBodySize) {
            this.maxBodySize = maxBodySize;
        }

        public List<String> getCorsAllowedOrigins() {
            return corsAllowedOrigins;
        }

        public void setCorsAllowedOrigins(List<String> corsAllowedOrigins) {
            this.corsAllowedOrigins = corsAllowedOrigins;
        }

        @Override
        public String toString() {
            return "Api[enabled=" + enabled + ", basePath=" + basePath + ", token=" + (token == null ? "unset" : "******") + "]";
        }
    }
}
