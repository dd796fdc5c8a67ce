package io.github.embeddedbackup.core.source.postgres;

import io.github.embeddedbackup.core.Remedy;
import io.github.embeddedbackup.core.source.ToolNotUsableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds a PostgreSQL client tool and its version. */
final class PgTools {

    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\)\\s+(\\d+)(?:\\.(\\d+))?");

    private PgTools() {}

    /**
     * The major version of {@code tool} from {@code tool --version}.
     *
     * @param setting the setting that holds the tool's path, named in the message and carried as the remedy
     */
    static PgVersion version(String tool, Remedy setting) {
        String output;
        try {
            Process process = new ProcessBuilder(List.of(tool, "--version")).redirectErrorStream(true).start();
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new ToolNotUsableException("'" + tool + " --version' failed: " + output + ". Check the "
                        + "installation of the PostgreSQL client tools, or set " + setting.neutralName() + ".").withRemedies(setting);
            }
        } catch (IOException e) {
            String name = tool.contains("/") ? tool.substring(tool.lastIndexOf('/') + 1) : tool;
            throw new ToolNotUsableException(name + " was not found (tried '" + tool + "'). Install the PostgreSQL "
                    + "client tools (Debian/Ubuntu: apt-get install postgresql-client; the major version must be at least the "
                    + "server's), or set " + setting.neutralName() + " to the full path of " + name + ".", e).withRemedies(setting);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolNotUsableException("Interrupted while asking " + tool + " for its version", e);
        }
        return parseVersion(output).orElseThrow(() -> new ToolNotUsableException("Cannot read the version of '" + tool
                + "' from: " + output + ". Set " + setting.neutralName() + " to a PostgreSQL " + tool.replaceAll(".*/", "") + ".")
                .withRemedies(setting));
    }

    /** The version in a tool's {@code --version} line, e.g. {@code pg_dump (PostgreSQL) 15.20}. */
    static java.util.Optional<PgVersion> parseVersion(String text) {
        Matcher matcher = VERSION.matcher(text);
        if (!matcher.find()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(PgVersion.of(Integer.parseInt(matcher.group(1)),
                matcher.group(2) == null ? 0 : Integer.parseInt(matcher.group(2)), text));
    }

    /** Quotes an SQL identifier. */
    static String quoteIdentifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** Quotes an SQL string literal. */
    static String quoteLiteral(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
