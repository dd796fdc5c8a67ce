package io.github.embeddedbackup.core.source.mysql;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.BackupException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Where a MySQL or MariaDB database is and how to log in, parsed from a JDBC URL
 * ({@code jdbc:mariadb://host:3306/db?user=…&password=…} or {@code jdbc:mysql://…}). The password is
 * never part of {@link #toString()}, of a message or of a command line: tools read it from an option
 * file that exists only as a pipe ({@link #clientOptions()}).
 */
public final class MysqlConnectionInfo {

    public static final int DEFAULT_PORT = 3306;
    private static final Pattern PREFIX = Pattern.compile("^jdbc:(mariadb|mysql):", Pattern.CASE_INSENSITIVE);
    /** A user (and password) before the host: {@code jdbc:mysql://user:secret@host/db}. */
    private static final Pattern USER_INFO = Pattern.compile("^jdbc:(mariadb|mysql):(?:[a-z]+:)?//[^/?#]*@", Pattern.CASE_INSENSITIVE);

    private final String scheme;
    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final @Nullable String password;
    /** The URL's other parameters (TLS, timeouts, …), given to the JDBC driver as the application's driver gets them. */
    private final Map<String, String> driverParameters;
    /** Further {@code [client]} options for the tools, e.g. {@code ssl-ca}. */
    private final Map<String, String> clientOptions;

    private MysqlConnectionInfo(String scheme, String host, int port, String database, String user, @Nullable String password,
            Map<String, String> driverParameters, Map<String, String> clientOptions) {
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
        this.driverParameters = Map.copyOf(driverParameters);
        this.clientOptions = Map.copyOf(clientOptions);
    }

    /**
     * Parses a MySQL or MariaDB JDBC URL; {@code username} and {@code password} are used when the URL
     * has none (values in the URL win, as with PostgreSQL).
     */
    public static MysqlConnectionInfo fromJdbcUrl(String jdbcUrl, @Nullable String username, @Nullable String password) {
        return fromJdbcUrl(jdbcUrl, username, password, System.getenv("MYSQL_PWD"));
    }

    /**
     * @param environmentPassword {@code MYSQL_PWD}, the MySQL tools' own variable: the password when neither the URL
     *     nor the setting gives one, so that it need not be on a command line
     */
    static MysqlConnectionInfo fromJdbcUrl(String jdbcUrl, @Nullable String username, @Nullable String password,
            @Nullable String environmentPassword) {
        String url = jdbcUrl.strip();
        if (USER_INFO.matcher(url).find()) {
            // Refused before anything else sees it: a driver or a log would show "user:secret@host" in clear.
            throw new BackupConfigurationException("'" + redact(url) + "' puts a user and password before the host "
                    + "(user:password@host). Write it as jdbc:mariadb://host:3306/database?user=name and give the password as "
                    + "?password=… or in the password setting.");
        }
        var prefix = PREFIX.matcher(url);
        if (!prefix.find()) {
            throw new BackupConfigurationException("'" + redact(url) + "' is not a MySQL or MariaDB JDBC URL. Write it as "
                    + "jdbc:mariadb://host:3306/database?user=name or jdbc:mysql://host:3306/database?user=name.");
        }
        String scheme = prefix.group(1).toLowerCase(Locale.ROOT);
        String rest = url.substring(prefix.end());
        if (!rest.startsWith("//")) {
            String mode = (rest.contains("//") ? rest.substring(0, rest.indexOf("//")) : rest).replaceAll(":$", "");
            throw new BackupConfigurationException("'" + redact(url) + "' uses the '" + mode + "' form, which a dump cannot use: "
                    + "a backup reads one server. Name that server: jdbc:" + scheme + "://host:3306/database?user=name.");
        }
        rest = rest.substring(2);
        int query = rest.indexOf('?');
        String path = query < 0 ? rest : rest.substring(0, query);
        Map<String, String> parameters = parameters(query < 0 ? "" : rest.substring(query + 1));
        int slash = path.indexOf('/');
        String authority = slash < 0 ? path : path.substring(0, slash);
        String database = slash < 0 ? "" : databaseName(path.substring(slash + 1), url);
        if (authority.contains(",")) {
            throw new BackupConfigurationException("'" + redact(url) + "' names several servers. A backup reads one server: "
                    + "name the one to dump, e.g. jdbc:" + scheme + "://primary:3306/" + (database.isEmpty() ? "database" : database) + ".");
        }
        String host;
        String portText = null;
        if (authority.startsWith("[")) {
            int end = authority.indexOf(']');
            host = authority.substring(1, Math.max(1, end));
            if (end > 0 && end + 1 < authority.length() && authority.charAt(end + 1) == ':') {
                portText = authority.substring(end + 2);
            }
        } else {
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            portText = colon < 0 ? null : authority.substring(colon + 1);
        }
        if (host.isEmpty()) {
            host = "localhost";
        }
        int port = DEFAULT_PORT;
        if (portText != null && !portText.isEmpty()) {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                throw new BackupConfigurationException("'" + redact(url) + "' has the port '" + portText + "', which is not a number. "
                        + "Write it as jdbc:" + scheme + "://host:3306/database.");
            }
        }
        if (database.isEmpty()) {
            throw new BackupConfigurationException("The URL '" + redact(url) + "' names no database. Add it after the port, e.g. "
                    + "jdbc:" + scheme + "://" + authority + "/shop");
        }
        String user = parameters.get("user");
        if (user == null || user.isEmpty()) {
            user = username == null || username.isEmpty() ? System.getProperty("user.name") : username;
        }
        String secret = parameters.get("password");
        if (secret == null || secret.isEmpty()) {
            secret = password == null || password.isEmpty() ? null : password;
        }
        if (secret == null && environmentPassword != null && !environmentPassword.isEmpty()) {
            secret = environmentPassword;
        }
        parameters.remove("user");
        parameters.remove("password");
        return new MysqlConnectionInfo(scheme, host, port, database, user, secret, parameters, Map.of());
    }

    public static MysqlConnectionInfo fromJdbcUrl(String jdbcUrl) {
        return fromJdbcUrl(jdbcUrl, null, null);
    }

    /** The same server and login, another database. */
    public MysqlConnectionInfo withDatabase(String otherDatabase) {
        return new MysqlConnectionInfo(scheme, host, port, otherDatabase, user, password, driverParameters, clientOptions);
    }

    /**
     * The same, with further options for the tools' {@code [client]} section, from settings whose key
     * starts with {@code client-}: {@code client-ssl-ca=/etc/ca.pem} becomes {@code ssl-ca="/etc/ca.pem"}.
     * Connection and login options ({@code host}, {@code user}, {@code password}, …) cannot be set this way.
     */
    public MysqlConnectionInfo withClientOptions(Map<String, String> settings) {
        Map<String, String> options = new LinkedHashMap<>(clientOptions);
        settings.forEach((key, value) -> {
            if (!key.startsWith("client-")) {
                // Refused rather than ignored: a misspelt setting must not silently drop, say, TLS.
                throw new BackupConfigurationException("The setting '" + key + "' is not one a MySQL/MariaDB source takes: its own "
                        + "settings are client-<option>, passed to the tools' [client] section (e.g. client-ssl-ca=/etc/ca.pem).");
            }
            String option = key.substring("client-".length());
            if (!option.matches("[a-z0-9][a-z0-9_-]*") || RESERVED_OPTIONS.contains(option.replace('_', '-'))) {
                throw new BackupConfigurationException("The setting '" + key + "' cannot be passed to the MySQL/MariaDB tools: "
                        + (RESERVED_OPTIONS.contains(option.replace('_', '-')) ? "'" + option + "' comes from the URL and the login settings."
                                : "an option name has lower-case letters, digits, '-' and '_' only."));
            }
            if (!connectionOption(option.replace('_', '-'))) {
                // Only how to connect may be changed: an option such as force or one-database would change what a restore
                // does (skip failed statements and still exit 0), and the tools' other options are this library's to set.
                throw new BackupConfigurationException("The setting '" + key + "' cannot be passed to the MySQL/MariaDB tools: only "
                        + "connection options are taken (client-ssl…, client-tls-version, client-connect-timeout, client-compress, "
                        + "client-default-auth, client-plugin-dir, client-server-public-key-path, client-get-server-public-key).");
            }
            options.put(option, value);
        });
        return new MysqlConnectionInfo(scheme, host, port, database, user, password, driverParameters, options);
    }

    /** The [client] options that change how the tools connect, and nothing of what they do. */
    private static boolean connectionOption(String option) {
        return option.equals("ssl") || option.startsWith("ssl-") || option.startsWith("tls-") || option.equals("compress")
                || option.equals("connect-timeout") || option.equals("default-auth") || option.equals("plugin-dir")
                || option.equals("server-public-key-path") || option.equals("get-server-public-key")
                || option.equals("enable-cleartext-plugin") || option.equals("compression-algorithms") || option.equals("zstd-compression-level");
    }

    private static final java.util.Set<String> RESERVED_OPTIONS = java.util.Set.of("host", "port", "user", "password", "protocol",
            "socket", "database", "defaults-file", "defaults-extra-file", "init-command");

    public String database() {
        return database;
    }

    /** The {@code client-*} settings, as {@code [client]} options without the login. */
    Map<String, String> toolOptions() {
        return clientOptions;
    }

    public String user() {
        return user;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** {@code mariadb://user@host:port/database} (or {@code mysql://…}), without password. */
    public String describe() {
        return scheme + "://" + user + "@" + hostAndPort() + "/" + database;
    }

    /** {@code host:port}, for messages. */
    public String hostAndPort() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return describe();
    }

    /**
     * Opens a JDBC connection to the database ({@code database} true) or to the server only. Uses
     * MariaDB Connector/J when present (it speaks to MySQL too), else MySQL Connector/J.
     */
    public Connection connect(boolean toDatabase) {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("connectTimeout", "10000");
        driverParameters.forEach(properties::setProperty);
        // The database is chosen with USE, not in the driver's URL: the drivers differ in how they decode a name there.
        String path = hostAndPort() + "/";
        SQLException first = null;
        for (String kind : new String[] {"mariadb", "mysql"}) {
            try {
                Connection conn = DriverManager.getConnection("jdbc:" + kind + "://" + path, properties);
                if (toDatabase) {
                    try (java.sql.Statement use = conn.createStatement()) {
                        use.execute("use " + MysqlTools.quoteIdentifier(database));
                    } catch (SQLException e) {
                        conn.close();
                        throw e;
                    }
                }
                return conn;
            } catch (SQLException e) {
                if (!isNoDriver(e)) {
                    throw connectionFailure(e);
                }
                first = first == null ? e : first;
            }
        }
        throw new BackupConfigurationException("Cannot connect to " + describe() + ": no MySQL or MariaDB JDBC driver is on the "
                + "class path. Add org.mariadb.jdbc:mariadb-java-client (or com.mysql:mysql-connector-j) to the application.", first);
    }

    public Connection connect() {
        return connect(true);
    }

    private static boolean isNoDriver(SQLException e) {
        return e.getMessage() != null && e.getMessage().startsWith("No suitable driver");
    }

    /** Turns a connection error into a message that names the server and the likely fix; never the password. */
    public BackupException connectionFailure(SQLException e) {
        String reason = e.getMessage() == null ? String.valueOf(e.getSQLState()) : e.getMessage();
        if (password != null) {
            reason = reason.replace(password, "****");
        }
        reason = reason.strip().replaceAll("\\.+$", "");
        int code = e.getErrorCode();
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String hint;
        if (code == 1045 || state.equals("28000")) {
            hint = "Access denied for user '" + user + "': check the user and the password (the URL's password parameter, the "
                    + "password setting or MYSQL_PWD) and that the server lets this user connect from this machine.";
        } else if (code == 1049) {
            hint = "Database '" + database + "' does not exist on " + hostAndPort() + ". Check the name in the URL.";
        } else if (code == 1044) {
            hint = "User '" + user + "' may not use database '" + database + "'. Grant it access (see the privileges the docs list).";
        } else if (state.startsWith("08") || code == 0) {
            hint = "The server at " + hostAndPort() + " did not answer. Check that MySQL/MariaDB is running there, that host and "
                    + "port are right and that no firewall blocks the port.";
        } else {
            hint = "Check the URL and that the server accepts connections from this machine.";
        }
        return new BackupConfigurationException("Cannot connect to " + describe() + ": " + reason + ". " + hint, e);
    }

    /**
     * The {@code [client]} option file for {@code mariadb-dump}, {@code mysqldump}, {@code mariadb} and
     * {@code mysql}: where to connect and as whom, with the password. It is written into a pipe only
     * (the tool's stdin or a FIFO), never into a regular file. {@code protocol=TCP} keeps the tools on
     * the same path as JDBC: with {@code host=localhost} they would otherwise use a Unix socket, where
     * another authentication may apply.
     */
    char[] clientOptions() {
        StringBuilder text = new StringBuilder("[client]\n");
        text.append("host=").append(optionValue(host)).append('\n');
        text.append("port=").append(port).append('\n');
        text.append("protocol=TCP\n");
        text.append("user=").append(optionValue(user)).append('\n');
        if (password != null) {
            text.append("password=").append(optionValue(password)).append('\n');
        }
        clientOptions.forEach((option, value) -> text.append(option).append('=').append(optionValue(value)).append('\n'));
        char[] result = new char[text.length()];
        text.getChars(0, text.length(), result, 0);
        return result;
    }

    /**
     * The environment a tool gets in addition to this process's: {@code MYSQL_TEST_LOGIN_FILE} points
     * MySQL's tools away from {@code ~/.mylogin.cnf}, which they read even with {@code --defaults-file}
     * and whose login would silently replace ours. Holds no secret.
     */
    static java.util.Map<String, String> toolEnvironment() {
        return java.util.Map.of("MYSQL_TEST_LOGIN_FILE", "/dev/null");
    }

    /** A quoted option-file value: the client strips the quotes and reads {@code \\ \" \n …} escapes inside. */
    static String optionValue(String value) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> quoted.append("\\\\");
                case '"' -> quoted.append("\\\"");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }

    /** Whether a password is known (else the tools and JDBC log in without one). */
    boolean hasPassword() {
        return password != null;
    }

    /** Replaces the password in a tool's output, should a tool ever echo it. */
    String scrub(String text) {
        return password == null || password.isEmpty() ? text : text.replace(password, "****");
    }

    /** Removes a password parameter from a URL before it is shown. */
    public static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)((?:password|pwd)=)[^&;]*", "$1****").replaceAll("//([^/@?#]*)@", "//****@");
    }

    private static Map<String, String> parameters(String query) {
        Map<String, String> result = new LinkedHashMap<>();
        for (String pair : query.split("[&;]")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            result.put(key, decode(value));
        }
        return result;
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }

    /**
     * The database name from the URL's path, percent-decoded as in any URL ({@code %25} is a '%',
     * {@code %60} a backtick, {@code %20} a space; UTF-8); a '+' stays a '+'. A '%' not followed by two
     * hex digits is refused rather than guessed at.
     */
    static String databaseName(String path, String url) {
        if (path.matches(".*%(?![0-9A-Fa-f]{2}).*")) {
            throw new BackupConfigurationException("The database name in '" + redact(url) + "' has a '%' that does not start a "
                    + "percent-encoded character: the name is percent-decoded as in any URL, so write a '%' in it as %25 (and a "
                    + "backtick as %60, a space as %20, a '/' as %2F, a '?' as %3F, a '#' as %23).");
        }
        return decode(path);
    }
}
