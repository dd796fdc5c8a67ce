package io.github.embeddedbackup.core.source.postgres;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.BackupException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * Where a PostgreSQL database is and how to log in, parsed from a JDBC URL
 * ({@code jdbc:postgresql://host:port/db?user=…&password=…}). The password comes from the URL, else
 * from {@code PGPASSWORD}, else from libpq's password file. It is never part of {@link #toString()},
 * of a message or of a command line: tools get it in their own environment only.
 */
public final class PgConnectionInfo {

    /** JDBC URL parameters passed on to libpq's environment. */
    private static final Map<String, String> LIBPQ_PARAMETERS = Map.of(
            "sslmode", "PGSSLMODE",
            "sslrootcert", "PGSSLROOTCERT",
            "sslcert", "PGSSLCERT",
            "sslkey", "PGSSLKEY",
            "ApplicationName", "PGAPPNAME",
            "options", "PGOPTIONS");

    private final String host;
    private final String port;
    private final String database;
    private final String user;
    private final @Nullable String password;
    private final Map<String, String> parameters;

    private PgConnectionInfo(String host, String port, String database, String user, @Nullable String password,
            Map<String, String> parameters) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
        this.parameters = Map.copyOf(parameters);
    }

    /** A libpq-style user (and password) before the host: {@code jdbc:postgresql://user:secret@host/db}. */
    private static final java.util.regex.Pattern USER_INFO = java.util.regex.Pattern.compile("^jdbc:postgresql://[^/?#]*@",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    /** Parses a PostgreSQL JDBC URL. */
    public static PgConnectionInfo fromJdbcUrl(String jdbcUrl) {
        if (USER_INFO.matcher(jdbcUrl).find()) {
            // Checked before the driver sees it: the driver would log "invalid port number: <password>@host" in clear.
            throw new BackupConfigurationException("'" + redact(jdbcUrl) + "' puts a user and password before the host "
                    + "(user:password@host), which PostgreSQL JDBC URLs do not support. Write it as "
                    + "jdbc:postgresql://host:5432/database?user=name and give the password as ?password=… or in PGPASSWORD.");
        }
        Properties parsed = jdbcUrl.startsWith("jdbc:postgresql:") ? org.postgresql.Driver.parseURL(jdbcUrl, new Properties()) : null;
        if (parsed == null) {
            throw new BackupConfigurationException("'" + redact(jdbcUrl) + "' is not a PostgreSQL JDBC URL. Write it as "
                    + "jdbc:postgresql://host:5432/database?user=name (the password in the URL or in PGPASSWORD).");
        }
        String database = parsed.getProperty("PGDBNAME", "");
        if (database.isEmpty()) {
            throw new BackupConfigurationException("The PostgreSQL URL '" + redact(jdbcUrl) + "' names no database. "
                    + "Add it after the port, e.g. jdbc:postgresql://localhost:5432/shop");
        }
        String user = parsed.getProperty("user");
        if (user == null || user.isEmpty()) {
            user = System.getenv().getOrDefault("PGUSER", System.getProperty("user.name"));
        }
        String password = parsed.getProperty("password");
        if (password == null || password.isEmpty()) {
            password = System.getenv("PGPASSWORD");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        LIBPQ_PARAMETERS.keySet().forEach(key -> {
            String value = parsed.getProperty(key);
            if (value != null) {
                parameters.put(key, value);
            }
        });
        return new PgConnectionInfo(parsed.getProperty("PGHOST", "localhost"), parsed.getProperty("PGPORT", "5432"),
                database, user, password == null || password.isEmpty() ? null : password, parameters);
    }

    /**
     * Parses a PostgreSQL JDBC URL with the user and password given beside it (as Spring's
     * {@code spring.datasource.username/password}); values in the URL win when both are set.
     */
    public static PgConnectionInfo fromJdbcUrl(String jdbcUrl, @Nullable String username, @Nullable String password) {
        PgConnectionInfo fromUrl = fromJdbcUrl(jdbcUrl);
        Properties parsed = org.postgresql.Driver.parseURL(jdbcUrl, new Properties());
        boolean userInUrl = parsed != null && parsed.getProperty("user") != null && !parsed.getProperty("user").isEmpty();
        boolean passwordInUrl = parsed != null && parsed.getProperty("password") != null && !parsed.getProperty("password").isEmpty();
        String user = userInUrl || username == null || username.isEmpty() ? fromUrl.user : username;
        String secret = passwordInUrl || password == null || password.isEmpty() ? fromUrl.password : password;
        return new PgConnectionInfo(fromUrl.host, fromUrl.port, fromUrl.database, user, secret, fromUrl.parameters);
    }

    /** The same server and login, another database. */
    public PgConnectionInfo withDatabase(String otherDatabase) {
        return new PgConnectionInfo(host, port, otherDatabase, user, password, parameters);
    }

    public String database() {
        return database;
    }

    public String user() {
        return user;
    }

    /** {@code postgresql://user@host:port/database}, without password. */
    public String describe() {
        return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return describe();
    }

    /** Opens a JDBC connection; failures become messages that name the server and the likely fix. */
    public Connection connect() {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("ApplicationName", "embedded-backup");
        parameters.forEach((key, value) -> {
            if (!key.equals("options")) {
                properties.setProperty(key, value);
            }
        });
        String url = "jdbc:postgresql://" + hostsAndPorts() + "/" + urlEncode(database);
        try {
            return DriverManager.getConnection(url, properties);
        } catch (SQLException e) {
            throw connectionFailure(e);
        }
    }

    /** Turns a connection error into an actionable message. */
    public BackupException connectionFailure(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String reason = e.getMessage() == null ? state : e.getMessage();
        if (password != null) {
            reason = reason.replace(password, "****");
        }
        reason = reason.strip().replaceAll("\\.+$", "");
        String hint;
        if (state.equals("28P01") || state.equals("28000")) {
            hint = "Authentication failed for user '" + user + "'. Check the user and the password (the URL's password "
                    + "parameter or the PGPASSWORD environment variable) and the server's pg_hba.conf.";
        } else if (state.equals("3D000")) {
            hint = "Database '" + database + "' does not exist on this server. Check the name in the URL.";
        } else if (state.startsWith("08")) {
            hint = "The server did not answer. Check that PostgreSQL is running and that host and port are right.";
        } else {
            hint = "Check the URL and that the server accepts connections from this machine.";
        }
        return new BackupConfigurationException("Cannot connect to " + describe() + ": " + reason + ". " + hint, e);
    }

    /**
     * The libpq environment for {@code pg_dump}/{@code pg_restore}. A known password goes into the
     * child's own environment ({@code PGPASSWORD}) and nowhere else: never a file, which a killed
     * process would leave behind, and never the command line, which other users can read.
     */
    public ToolEnvironment toolEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PGHOST", host);
        env.put("PGPORT", port);
        env.put("PGDATABASE", database);
        env.put("PGUSER", user);
        env.put("PGCONNECT_TIMEOUT", "10");
        env.put("PGAPPNAME", "embedded-backup");
        parameters.forEach((key, value) -> env.put(LIBPQ_PARAMETERS.get(key), value));
        if (password != null) {
            env.put("PGPASSWORD", password);
        }
        return new ToolEnvironment(env);
    }

    private String hostsAndPorts() {
        String[] hosts = host.split(",");
        String[] ports = port.split(",");
        StringBuilder result = new StringBuilder();
        for (int i = 0; i < hosts.length; i++) {
            if (i > 0) {
                result.append(',');
            }
            String h = hosts[i].contains(":") && !hosts[i].startsWith("[") ? "[" + hosts[i] + "]" : hosts[i];
            result.append(h).append(':').append(ports[Math.min(i, ports.length - 1)]);
        }
        return result.toString();
    }

    private static String urlEncode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Removes a password parameter from a URL before it is shown. */
    public static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1****").replaceAll("//([^/@:]+):[^/@]*@", "//$1:****@");
    }

    /**
     * Environment variables for a PostgreSQL tool. They may hold the password ({@code PGPASSWORD}):
     * give them only to the child process, never to a log; {@link #toString()} shows names only.
     *
     * @param variables to add to the child's environment
     */
    public record ToolEnvironment(Map<String, String> variables) {

        public ToolEnvironment {
            variables = Map.copyOf(variables);
        }

        @Override
        public String toString() {
            return "ToolEnvironment" + new java.util.TreeSet<>(variables.keySet());
        }
    }
}
