package io.github.embeddedbackup.cli;

import io.github.embeddedbackup.core.Typos;
import io.github.embeddedbackup.core.storage.StorageSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Stack;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Refuses an unknown option before picocli does, for two reasons: picocli's "Unknown options" error
 * repeats the value that followed the option (a key typed after a misspelt {@code --azure-acount-key}),
 * and its suggestions cover only visible options, not the hidden {@code --TYPE-SETTING} ones. This
 * names the option alone, never a value, with the nearest valid option.
 */
final class UnknownOptions implements CommandLine.IParameterPreprocessor {

    /** Marks the hidden options that exist only to refuse a secret: never suggested. */
    static final String REFUSAL = "Refused: ";

    private static final Pattern NUMBER = Pattern.compile("-\\d.*");

    private UnknownOptions() {}

    /** Checks the arguments of {@code commandLine} and of each of its subcommands. */
    static void addTo(CommandLine commandLine) {
        commandLine.getCommandSpec().preprocessor(new UnknownOptions());
        for (CommandLine sub : commandLine.getSubcommands().values()) {
            addTo(sub);
        }
    }

    /** Called once per command, before picocli matches its arguments. */
    @Override
    public boolean preprocess(Stack<String> args, CommandSpec spec, ArgSpec argSpec, Map<String, Object> info) {
        if (argSpec != null) {
            return false;
        }
        List<String> ahead = new ArrayList<>(args);
        Collections.reverse(ahead); // the top of the stack is the next argument
        boolean valueExpected = false;
        for (String arg : ahead) {
            if (valueExpected) {
                valueExpected = false;
                continue;
            }
            if (arg.equals("--") || spec.subcommands().containsKey(arg)) {
                break; // positional from here on, or a subcommand that checks its own
            }
            if (!arg.startsWith("-") || arg.equals("-") || NUMBER.matcher(arg).matches()) {
                continue;
            }
            int eq = arg.indexOf('=');
            String name = eq > 0 ? arg.substring(0, eq) : arg;
            OptionSpec option = spec.findOption(name);
            if (option == null && !arg.startsWith("--") && arg.length() > 2) {
                option = spec.findOption(arg.substring(0, 2)); // -oNAME=VALUE: a short option with its value attached
                if (option != null) {
                    continue;
                }
            }
            if (option == null) {
                throw new CommandLine.UnmatchedArgumentException(spec.commandLine(), message(spec, name));
            }
            valueExpected = eq < 0 && option.arity().min() > 0;
        }
        return false;
    }

    private static String message(CommandSpec spec, String name) {
        List<String> candidates = new ArrayList<>();
        for (OptionSpec option : spec.options()) {
            boolean refusal = option.description().length > 0 && option.description()[0].startsWith(REFUSAL);
            if (!refusal) {
                for (String candidate : option.names()) {
                    if (candidate.startsWith("--")) {
                        candidates.add(candidate);
                    }
                }
            }
        }
        String nearest = Typos.nearest(name, candidates);
        String text = "Unknown option: '" + name + "'" + (nearest == null ? "" : " (did you mean " + nearest + "?)") + ".";
        if (StorageSettings.isSecret(name.replaceFirst("^-+", ""))) {
            text += " Keys and tokens are read from the environment only, never from the command line: see docs/storage-TYPE.md.";
        }
        return text;
    }
}
