package io.github.embeddedbackup.cli;

import io.github.embeddedbackup.core.storage.StorageProvider;
import io.github.embeddedbackup.core.storage.StorageProviders;
import io.github.embeddedbackup.core.storage.StorageSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Gives every command that takes {@code --storage} one option per setting of each installed storage,
 * named {@code --<type>-<setting>} ({@code --azure-endpoint}, {@code --gdrive-chunk-size}): a new storage
 * module brings its options with it, without a change here. Settings a URI names ({@code bucket},
 * {@code prefix}) are left to {@code --storage}, and secret ones (keys, tokens) get no option at all: a
 * command line is visible to every user of the machine, so those come from the environment.
 */
final class ProviderOptions {

    private ProviderOptions() {}

    /**
     * Adds the options to each subcommand that has a {@link StorageOption}, and to every command the check of
     * unknown options ({@link UnknownOptions}), which also sees these hidden ones.
     */
    static void addTo(CommandLine commandLine, StorageProviders providers) {
        for (CommandLine sub : commandLine.getSubcommands().values()) {
            CommandSpec spec = sub.getCommandSpec();
            for (CommandSpec mixin : spec.mixins().values()) {
                if (mixin.userObject() instanceof StorageOption storage) {
                    add(spec, storage, providers);
                    addSecretRefusals(spec, providers);
                    addHelpSection(sub, providers);
                }
            }
        }
        UnknownOptions.addTo(commandLine);
    }

    /**
     * A hidden {@code --<type>-<secret>} option per secret setting, refusing it by name: otherwise picocli's
     * "Unknown options" error would repeat the secret that followed it.
     */
    private static void addSecretRefusals(CommandSpec spec, StorageProviders providers) {
        for (StorageProvider provider : providers.all()) {
            for (String setting : new TreeSet<>(provider.settingNames())) {
                String name = "--" + provider.type() + "-" + setting;
                if (!StorageSettings.isSecret(setting) || spec.findOption(name) != null) {
                    continue;
                }
                spec.addOption(OptionSpec.builder(name)
                        .paramLabel("VALUE")
                        .hidden(true)
                        .type(String.class)
                        .description(UnknownOptions.REFUSAL + provider.type() + " storage reads '" + setting + "' from the environment.")
                        .setter(new CommandLine.Model.ISetter() {
                            @Override
                            public <T> T set(T value) {
                                if (value != null) {
                                    throw new CommandLine.ParameterException(spec.commandLine(),
                                            StorageOption.secretRefusal(name, provider, setting));
                                }
                                return null;
                            }
                        })
                        .build());
            }
        }
    }

    private static void add(CommandSpec spec, StorageOption storage, StorageProviders providers) {
        for (StorageProvider provider : providers.all()) {
            for (Map.Entry<String, String> option : options(provider).entrySet()) {
                String name = option.getKey();
                if (spec.findOption(name) != null) {
                    continue; // a hand-written shorthand of the same name (--s3-endpoint) keeps its own help
                }
                String setting = option.getValue();
                spec.addOption(OptionSpec.builder(name)
                        .paramLabel("VALUE")
                        .hidden(true) // listed compactly by addHelpSection, one line per storage
                        .type(String.class)
                        .description("Setting '" + setting + "' of " + provider.type() + " storage (-o " + setting + "=VALUE); see docs/storage-"
                                + provider.type() + ".md.")
                        .setter(new CommandLine.Model.ISetter() {
                            @Override
                            public <T> T set(T value) {
                                if (value != null) { // picocli first sets every option to its (absent) default
                                    storage.provided(name, provider.type(), setting, (String) value);
                                }
                                return null;
                            }
                        })
                        .build());
            }
        }
    }

    /** One line per storage after the options: which {@code --<type>-<setting>} options there are. */
    private static void addHelpSection(CommandLine sub, StorageProviders providers) {
        String key = "storageSettings";
        sub.getHelpSectionMap().put(key, help -> {
            StringBuilder text = new StringBuilder(String.format("%nStorage settings: --TYPE-SETTING=VALUE or -o SETTING=VALUE, see docs/storage-TYPE.md."
                    + "%nKeys and tokens are read from the environment only:%n"));
            for (StorageProvider provider : providers.all()) {
                StringBuilder line = new StringBuilder(" ");
                for (String option : options(provider).keySet()) {
                    if (line.length() + option.length() > 78) {
                        text.append(line).append(System.lineSeparator());
                        line = new StringBuilder(" ");
                    }
                    line.append(' ').append(option);
                }
                if (line.length() > 1) {
                    text.append(line).append(System.lineSeparator());
                }
            }
            return text.toString();
        });
        java.util.List<String> keys = new java.util.ArrayList<>(sub.getHelpSectionKeys());
        keys.add(keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER_HEADING), key);
        sub.setHelpSectionKeys(keys);
    }

    /** Option name → setting, for the settings a user gives beside the URI; secrets left out. */
    static Map<String, String> options(StorageProvider provider) {
        Set<String> fromUri = provider.examples().isEmpty() ? Set.of() : provider.settingsFromUri(provider.examples().get(0)).keySet();
        Map<String, String> options = new LinkedHashMap<>();
        for (String setting : new TreeSet<>(provider.settingNames())) {
            if (!fromUri.contains(setting) && !StorageSettings.isSecret(setting)) {
                options.put("--" + provider.type() + "-" + setting, setting);
            }
        }
        return options;
    }
}
