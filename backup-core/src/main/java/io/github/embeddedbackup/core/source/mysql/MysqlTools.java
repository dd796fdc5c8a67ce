package io.github.embeddedbackup.core.source.mysql;

import io.github.embeddedbackup.core.Remedy;

import io.github.embeddedbackup.core.source.ToolNotUsableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** Finds the MySQL/MariaDB client tool that fits a server, and its version. */
final class MysqlTools {

    /** Which setting overrides a tool, in the neutral words of {@code SourceSettings}. */
    static final Remedy DUMP_SETTING = Remedy.DUMP_TOOL;
    static final Remedy RESTORE_SETTING = Remedy.RESTORE_TOOL;

    private MysqlTools() {}

    /** A tool and what it reported. */
    record Tool(String program, MysqlVersion version) {}

    /**
     * The dump tool for {@code server}: {@code configured} when set, else {@code mariadb-dump} for
     * MariaDB (then {@code mysqldump} if that is what is installed) or {@code mysqldump} for MySQL; checked
     * to be of the server's kind and at least its release series.
     */
    static Tool dumpTool(@Nullable String configured, MysqlVersion server, String where) {
        List<String> candidates = server.mariadb() ? List.of("mariadb-dump", "mysqldump") : List.of("mysqldump");
        Tool tool = find(configured, candidates, DUMP_SETTING, server);
        check(tool, server, where, "dump", DUMP_SETTING, server.mariadb() ? "mariadb-dump" : "mysqldump");
        return tool;
    }

    /** The client that loads a dump into {@code server}: {@code mariadb} (then {@code mysql}) for MariaDB, {@code mysql} for MySQL. */
    static Tool restoreTool(@Nullable String configured, MysqlVersion server, String where) {
        List<String> candidates = server.mariadb() ? List.of("mariadb", "mysql") : List.of("mysql");
        Tool tool = find(configured, candidates, RESTORE_SETTING, server);
        if (tool.version().mariadb() != server.mariadb()) {
            throw mismatch(tool, server, where, RESTORE_SETTING, server.mariadb() ? "mariadb" : "mysql");
        }
        return tool;
    }

    private static Tool find(@Nullable String configured, List<String> candidates, Remedy setting, MysqlVersion server) {
        if (configured != null && !configured.isBlank()) {
            return new Tool(configured, version(configured, setting, server));
        }
        ToolNotUsableException first = null;
        for (String candidate : candidates) {
            try {
                return new Tool(candidate, version(candidate, setting, server));
            } catch (ToolNotUsableException e) {
                first = first == null ? e : first;
            }
        }
        throw first;
    }

    private static void check(Tool tool, MysqlVersion server, String where, String role, Remedy setting, String fitting) {
        if (tool.version().mariadb() != server.mariadb()) {
            throw mismatch(tool, server, where, setting, fitting);
        }
        if (tool.version().compareTo(server) < 0) {
            throw unusable(setting, name(tool.program()) + " " + tool.version().series() + " ('" + tool.program()
                    + "') is older than the " + server.series() + " server of " + where + ", and an older " + role + " tool may miss "
                    + "what the newer server has. " + install(server) + ", or set " + setting.neutralName() + " to a " + fitting + " of "
                    + server.series() + " or newer.");
        }
    }

    private static ToolNotUsableException mismatch(Tool tool, MysqlVersion server, String where, Remedy setting, String fitting) {
        return unusable(setting, "'" + tool.program() + "' is " + tool.version().series() + "'s " + name(tool.program())
                + ", but " + where + " is a " + server.series() + " server; MySQL's and MariaDB's dump and client tools do not "
                + "fully understand each other's servers. " + install(server) + ", or set " + setting.neutralName() + " to its " + fitting + ".");
    }

    private static String install(MysqlVersion server) {
        return server.mariadb() ? "Install the MariaDB client of the server's version (Debian/Ubuntu: apt-get install mariadb-client)"
                : "Install the MySQL client of the server's version (mysql-client, or MySQL's own packages)";
    }

    /** {@code tool --version}, parsed. */
    static MysqlVersion version(String tool, Remedy setting, MysqlVersion server) {
        String output;
        try {
            Process process = new ProcessBuilder(List.of(tool, "--version")).redirectErrorStream(true).start();
            process.getOutputStream().close();
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw unusable(setting, "'" + tool + " --version' failed: " + output + ". Check the installation of the "
                        + (server.mariadb() ? "MariaDB" : "MySQL") + " client tools, or set " + setting.neutralName() + ".");
            }
        } catch (IOException e) {
            throw unusable(setting, name(tool) + " was not found (tried '" + tool + "'). " + install(server)
                    + ", or set " + setting.neutralName() + " to the full path of the tool.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolNotUsableException("Interrupted while asking " + tool + " for its version", e);
        }
        return MysqlVersion.ofTool(output).orElseThrow(() -> unusable(setting, "Cannot read the version of '" + tool
                + "' from: " + output + ". Set " + setting.neutralName() + " to a MySQL or MariaDB client tool."));
    }

    /**
     * Refuses {@code client-*} options that {@code tool} does not know. A misspelt option (say
     * {@code ssl-caa}) would otherwise fail only the first real backup or restore. The tool reads them
     * from its stdin with {@code --help}, which connects nowhere and reports an unknown option on stderr;
     * the login is not part of what it reads.
     */
    static void checkClientOptions(Tool tool, Map<String, String> options, String where) {
        if (options.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder("[client]\n");
        options.forEach((option, value) -> text.append(option).append('=').append(MysqlConnectionInfo.optionValue(value)).append('\n'));
        String stderr;
        try {
            Process process = new ProcessBuilder(List.of(tool.program(), "--defaults-file=/dev/stdin", "--help"))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try (var in = process.getOutputStream()) {
                in.write(text.toString().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // it exited before reading: its stderr says why
            }
            stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return;
            }
        } catch (IOException e) {
            return; // the tool's own check has reported a tool that cannot run
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        var unknown = java.util.regex.Pattern.compile("unknown (?:variable|option) '([^'=]*)").matcher(stderr);
        if (unknown.find()) {
            throw new io.github.embeddedbackup.core.BackupConfigurationException("The setting 'client-" + unknown.group(1) + "' of "
                    + where + " is not an option that " + name(tool.program()) + " " + tool.version().series() + " knows (" + stderr
                    + "). Check its spelling: '" + name(tool.program()) + " --help' lists the options, e.g. client-ssl-ca, "
                    + "client-ssl-verify-server-cert.");
        }
    }

    /** A tool that cannot be used, with the setting that fixes it attached for the CLI and the starter to name. */
    private static ToolNotUsableException unusable(Remedy setting, String message) {
        return unusable(setting, message, null);
    }

    private static ToolNotUsableException unusable(Remedy setting, String message, @Nullable Throwable cause) {
        ToolNotUsableException exception = new ToolNotUsableException(message, cause);
        exception.withRemedies(setting);
        return exception;
    }

    static String name(String tool) {
        return tool.contains("/") ? tool.substring(tool.lastIndexOf('/') + 1) : tool;
    }

    /** Quotes an identifier with backticks. */
    static String quoteIdentifier(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
