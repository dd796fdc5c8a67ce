package io.github.embeddedbackup.cli;

import io.github.embeddedbackup.core.BackupException;
import io.github.embeddedbackup.core.LibraryVersion;
import io.github.embeddedbackup.core.source.TempFiles;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Entry point of {@code java -jar backup-cli.jar}. */
@Command(
        name = "backup-cli",
        mixinStandardHelpOptions = true,
        versionProvider = BackupCli.Version.class,
        description = "Back up PostgreSQL, MySQL/MariaDB and SQLite databases and folders into a storage, list, verify and restore them.",
        subcommands = {BackupCommand.class, ListCommand.class, VerifyCommand.class, RestoreCommand.class, DrillCommand.class, DecryptCommand.class,
                KeygenCommand.class, PruneCommand.class, CleanupCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 success, 1 failed (or verify found problems), 2 bad usage or configuration.",
                "Documentation: docs/cli.md and docs/restore.md"})
public final class BackupCli {

    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    @Option(names = {"-v", "--verbose"}, description = "Log details (DEBUG) and show stack traces on errors.", scope = CommandLine.ScopeType.INHERIT)
    boolean verbose;

    public static void main(String[] args) {
        configureLogging(Arrays.asList(args).contains("--verbose") || Arrays.asList(args).contains("-v"));
        TempFiles.removeLeftovers(); // what killed runs left in the temporary folder (spooled dumps, old password files)
        CliInterruption.install(System.err);
        int exit = execute(args, System.out, System.err);
        CliInterruption.finished(exit);
        System.exit(exit);
    }

    /** Runs the command with the given streams and returns its exit code; used by {@link #main} and by tests. */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        boolean verbose = Arrays.asList(args).contains("--verbose") || Arrays.asList(args).contains("-v");
        CommandLine commandLine = new CommandLine(new BackupCli());
        configureHelp(commandLine);
        ProviderOptions.addTo(commandLine, io.github.embeddedbackup.core.storage.StorageProviders.installed());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            if (CliInterruption.signalled()) {
                err.println(CliInterruption.describe(cmd.getCommandName(), exception));
                return EXIT_FAILED; // the JVM exits with 128 + the signal's number anyway
            }
            err.println("error: " + CliHints.redact(message(exception)));
            if (verbose) {
                exception.printStackTrace(err);
            }
            return CliHints.exitCode(exception);
        });
        commandLine.setParameterExceptionHandler((exception, arguments) -> {
            err.println("error: " + CliHints.redact(exception.getMessage()));
            err.println("Run '" + exception.getCommandLine().getCommandSpec().qualifiedName() + " --help' for the options.");
            return EXIT_USAGE;
        });
        return commandLine.execute(args);
    }

    /**
     * Every command answers {@code --help} and {@code --version} (even when it has required options),
     * and the command list shows each command's first full sentence.
     */
    private static void configureHelp(CommandLine commandLine) {
        for (CommandLine sub : commandLine.getSubcommands().values()) {
            if (!(sub.getCommand() instanceof CommandLine.HelpCommand)) {
                sub.getCommandSpec().mixinStandardHelpOptions(true);
            }
        }
        commandLine.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, help -> {
            if (help.subcommands().isEmpty()) {
                return "";
            }
            int width = help.subcommands().keySet().stream().mapToInt(String::length).max().orElse(0);
            StringBuilder list = new StringBuilder();
            help.subcommands().forEach((name, sub) -> list.append(String.format("  %-" + width + "s  %s%n", name,
                    summary(sub.commandSpec().usageMessage().header().length > 0
                    ? sub.commandSpec().usageMessage().header() : sub.commandSpec().usageMessage().description()))));
            return list.toString();
        });
    }

    /** The first sentence of a description whose lines may break mid-sentence. */
    static String summary(String[] description) {
        String text = String.join(" ", description).replace("%n", " ").replaceAll("\\s+", " ").strip();
        java.util.regex.Matcher end = java.util.regex.Pattern.compile("[.:](\\s|$)").matcher(text);
        return end.find() ? text.substring(0, end.start()) + "." : text;
    }

    /** What the user is told about {@code exception} (before passwords are hidden). */
    static String message(Exception exception) {
        if (exception instanceof BackupException || exception instanceof IllegalArgumentException) {
            return exception.getMessage() + CliHints.forException(exception);
        }
        return "unexpected " + exception.getClass().getSimpleName() + ": " + exception.getMessage()
                + ". Run again with --verbose for the details, and report it if it persists.";
    }

    /** slf4j-simple reads its settings once, so they are set before the first logger exists. */
    static void configureLogging(boolean verbose) {
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "debug" : "warn");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.log.org.postgresql", verbose ? "info" : "off");
        // The MariaDB driver logs every refused login as a WARN line before the CLI's own error paragraph says it better.
        System.setProperty("org.slf4j.simpleLogger.log.org.mariadb.jdbc", verbose ? "info" : "off");
        // The SQLite driver logs raw stack traces when it cannot load its native library; the error says what to do.
        System.setProperty("org.slf4j.simpleLogger.log.org.sqlite", verbose ? "debug" : "off");
        // Reactor (inside the Azure SDK) logs a cancelled upload's dropped errors with a stack trace when a signal stops a backup.
        System.setProperty("org.slf4j.simpleLogger.log.reactor.core.publisher.Operators", verbose ? "debug" : "off");
        // Storage client libraries that warn on every request, or log a failure the CLI then reports itself.
        for (io.github.embeddedbackup.core.storage.StorageProvider provider : io.github.embeddedbackup.core.storage.StorageProviders.installed().all()) {
            for (String logger : provider.quietLoggers()) {
                System.setProperty("org.slf4j.simpleLogger.log." + logger, verbose ? "debug" : "off");
            }
        }
        // verify prints its own report; its WARN log line would only repeat it.
        System.setProperty("org.slf4j.simpleLogger.log.io.github.embeddedbackup.core.verify", verbose ? "debug" : "error");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"backup-cli " + LibraryVersion.get(), "Java " + System.getProperty("java.version")};
        }
    }

}
