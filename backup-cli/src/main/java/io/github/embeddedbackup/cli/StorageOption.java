package io.github.embeddedbackup.cli;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.Typos;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.storage.BackupStorage;
import io.github.embeddedbackup.core.storage.InvalidStorageSettingException;
import io.github.embeddedbackup.core.storage.SharedClients;
import io.github.embeddedbackup.core.storage.StorageException;
import io.github.embeddedbackup.core.storage.StorageProvider;
import io.github.embeddedbackup.core.storage.StorageProviders;
import io.github.embeddedbackup.core.storage.StorageSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The {@code --storage} option shared by every command, with the storage's settings. The storage is
 * opened by whichever installed provider takes the URI's scheme; this class names none.
 */
final class StorageOption {

    @Option(names = "--storage", required = true, paramLabel = "URI",
            description = "Where backups are kept: file:<folder>, s3://bucket/prefix, gs://bucket/prefix, azure://container/prefix, "
                    + "gdrive://folder-id/prefix, or the URI of another installed storage.")
    String storage;

    @Option(names = {"--storage-option", "-o"}, paramLabel = "NAME=VALUE",
            description = "A setting of the storage (repeatable), e.g. -o region=eu-central-1 -o storage-class=STANDARD_IA; see docs/storage-*.md.")
    List<String> storageOptions = new ArrayList<>();

    // Shorthands for the most used S3 settings, kept from earlier versions; each is the setting after "--s3-".
    @Option(names = "--s3-endpoint", paramLabel = "URL", description = "An S3-compatible endpoint (MinIO, B2, R2, Wasabi …): -o endpoint=URL.")
    @Nullable String s3Endpoint;

    @Option(names = "--s3-path-style", description = "Address the bucket in the path (most S3-compatible stores need it): -o path-style=true.")
    boolean s3PathStyle;

    @Option(names = "--s3-region", paramLabel = "REGION", description = "The bucket's region (default: AWS_REGION, the AWS config, or us-east-1).")
    @Nullable String s3Region;

    @Option(names = "--s3-storage-class", paramLabel = "CLASS", description = "e.g. STANDARD_IA or GLACIER_IR for new backups.")
    @Nullable String s3StorageClass;

    @Option(names = "--s3-sse", paramLabel = "AES256|aws:kms", description = "Server-side encryption of new backups: -o server-side-encryption=….")
    @Nullable String s3Sse;

    @Option(names = "--s3-timeout", paramLabel = "SECONDS",
            description = "How long one S3 request may take before it is retried or fails (default: 300): -o attempt-timeout=….")
    @Nullable Integer s3TimeoutSeconds;

    /** Settings given as {@code --<type>-<setting>} options ({@link ProviderOptions}), by setting name. */
    private final Map<String, ProvidedOption> provided = new LinkedHashMap<>();

    private record ProvidedOption(String optionName, String type, String value) {}

    /** The provider --storage named, once {@link #storage()} ran: names the variables of settings taken from the environment. */
    private @Nullable StorageProvider provider;

    /** The settings given with -o, in plain spelling. */
    private final java.util.Set<String> fromOptions = new java.util.HashSet<>();

    /** Called by an option {@link ProviderOptions} added. */
    void provided(String optionName, String type, String setting, String value) {
        provided.put(setting, new ProvidedOption(optionName, type, value));
    }

    /** The repository for a command that writes new backups: a missing folder is created on the first write. */
    BackupRepository repository() {
        return new BackupRepository(storage());
    }

    /** The repository for a command that reads backups: a local folder must already exist. */
    BackupRepository existingRepository() {
        BackupStorage opened = storage();
        try {
            opened.requireExisting();
        } catch (StorageException e) {
            throw new BackupConfigurationException(e.getMessage() + " Check --storage.", e);
        }
        return new BackupRepository(opened);
    }

    BackupStorage storage() {
        StorageProviders providers = StorageProviders.installed();
        StorageProviders.StorageLocation location;
        try {
            location = providers.parse(storage);
        } catch (InvalidStorageSettingException e) {
            throw new BackupConfigurationException(hideQuery("--storage '" + shownStorage() + "': " + e.problem() + " Fix: " + e.fix() + "."), e);
        } catch (BackupConfigurationException e) {
            throw new BackupConfigurationException(hideQuery("--storage: " + e.getMessage()), e);
        }
        StorageProvider provider = location.provider();
        this.provider = provider;
        String type = provider.type();
        Map<String, String> shorthands = shorthands(type);
        Map<String, String> settings = new LinkedHashMap<>(shorthands);
        for (String option : storageOptions) {
            int eq = option.indexOf('=');
            if (eq <= 0) {
                // The text may be a secret typed without its name (a key pasted after -o): shown only when it looks harmless.
                throw new BackupConfigurationException("--storage-option " + (StorageSettings.isSecret(option) || option.length() > 40 ? "(not shown)"
                        : "'" + option + "'") + " is not NAME=VALUE: give it as e.g. -o region=eu-central-1.");
            }
            String name = option.substring(0, eq).strip();
            String secret = secretSetting(provider, name);
            if (secret != null) {
                // Another user of the machine can read a command line (ps, /proc); the storage reads secrets from its environment.
                throw new BackupConfigurationException(secretRefusal("-o " + name + (name.equals(secret) ? "" : " (" + secret + ")"), provider, secret));
            }
            fromOptions.add(Typos.plain(name));
            String given = given(settings.keySet(), name);
            if (given != null) {
                // Two values for one setting: which one wins would be a guess.
                throw new BackupConfigurationException("-o " + name + " sets what " + (shorthands.containsKey(given) ? optionName(given)
                        : "an earlier -o " + given) + " already sets. Give each setting once.");
            }
            settings.put(name, option.substring(eq + 1).strip());
        }
        for (String fromUri : location.settings().keySet()) {
            String given = given(settings.keySet(), fromUri);
            if (given != null) {
                throw new BackupConfigurationException("-o " + given + " sets what --storage already names ('" + fromUri + "' of "
                        + shownStorage() + "). Give it in --storage only.");
            }
        }
        settings.putAll(location.settings());
        try {
            return providers.open(type, settings, SharedClients.none());
        } catch (InvalidStorageSettingException e) {
            throw new BackupConfigurationException(hideQuery("Storage option " + optionName(e.setting()) + ": " + e.problem() + " Fix: " + e.fix()
                    + "."), e);
        }
    }

    /**
     * The secret setting {@code name} means in any spelling ({@code AccountKey}, {@code ACCOUNT_KEY}, {@code accountkey}), or
     * {@code name} itself when it looks secret and the provider has no harmless setting of that spelling ({@code kmsKeyId} is
     * {@code kms-key-id}); null for a harmless name.
     */
    static @Nullable String secretSetting(StorageProvider provider, String name) {
        String known = provider.settingNames().stream().filter(setting -> Typos.plain(setting).equals(Typos.plain(name))).findFirst().orElse(null);
        if (known != null) {
            return StorageSettings.isSecret(known) ? known : null;
        }
        return StorageSettings.isSecret(name) ? name : null;
    }

    /** Why {@code what} (an option, never its value) is refused, and the variable to set instead. */
    static String secretRefusal(String what, StorageProvider provider, String setting) {
        String docs = "docs/storage-" + provider.type() + ".md";
        return what + " would put a secret on the command line, where other users of this machine can read it (ps, /proc). "
                + provider.environmentVariable(setting).map(variable -> "Set " + variable + " instead (" + docs + ").")
                        .orElse("Give it in the environment instead: see " + docs + " for the variable.");
    }

    /** The --storage value as messages show it: what follows '?' or '#' may be a SAS token. */
    private String shownStorage() {
        return StorageSettings.withoutQuery(storage.strip());
    }

    /** {@code message} without the query string of --storage, wherever a provider's message repeated it. */
    private String hideQuery(String message) {
        String value = storage.strip();
        String shown = StorageSettings.withoutQuery(value);
        if (shown.equals(value)) {
            return message;
        }
        String hidden = value.substring(shown.length() - 2); // from the '?' or '#' on
        return message.replace(hidden, shown.substring(shown.length() - 2));
    }

    /** The name among {@code names} that is {@code name} in another spelling (path-style, pathStyle, PATH_STYLE), or null. */
    private static @Nullable String given(java.util.Set<String> names, String name) {
        return names.stream().filter(existing -> Typos.plain(existing).equals(Typos.plain(name))).findFirst().orElse(null);
    }

    /** The {@code --s3-*} and {@code --<type>-<setting>} options as settings; refused for another storage, where they would be silently ignored. */
    private Map<String, String> shorthands(String type) {
        Map<String, String> settings = new LinkedHashMap<>();
        put(settings, "endpoint", s3Endpoint);
        put(settings, "path-style", s3PathStyle ? "true" : null);
        put(settings, "region", s3Region);
        put(settings, "storage-class", s3StorageClass);
        put(settings, "server-side-encryption", s3Sse);
        put(settings, "attempt-timeout", s3TimeoutSeconds == null ? null : s3TimeoutSeconds + "s");
        if (!settings.isEmpty() && !type.equals("s3")) {
            throw new BackupConfigurationException(optionName(settings.keySet().iterator().next()) + " applies to s3:// storage only, but --storage is " + type
                    + " storage. Remove it, or give a setting of that storage with --storage-option NAME=VALUE.");
        }
        for (Map.Entry<String, ProvidedOption> option : provided.entrySet()) {
            ProvidedOption given = option.getValue();
            if (!given.type().equals(type)) {
                throw new BackupConfigurationException(given.optionName() + " applies to " + given.type() + " storage only, but --storage is "
                        + type + " storage. Remove it, or give a setting of that storage with --storage-option NAME=VALUE.");
            }
            if (settings.containsKey(option.getKey())) {
                throw new BackupConfigurationException(given.optionName() + " sets what " + optionName(option.getKey()) + " already sets. "
                        + "Give each setting once.");
            }
            settings.put(option.getKey(), given.value());
        }
        return settings;
    }

    private static void put(Map<String, String> settings, String name, @Nullable String value) {
        if (value != null) {
            settings.put(name, value);
        }
    }

    /** How the user gave a setting: as a --s3-* shorthand, in the --storage URI, or with --storage-option. */
    private String optionName(String setting) {
        ProvidedOption option = provided.get(setting);
        if (option != null) {
            return option.optionName();
        }
        return switch (setting) {
            case "bucket", "prefix", "path" -> "'" + setting + "' (in --storage)";
            case "endpoint" -> s3Endpoint != null ? "--s3-endpoint" : "-o endpoint";
            case "region" -> s3Region != null ? "--s3-region" : "-o region";
            case "path-style" -> s3PathStyle ? "--s3-path-style" : "-o path-style";
            case "storage-class" -> s3StorageClass != null ? "--s3-storage-class" : "-o storage-class";
            case "server-side-encryption" -> s3Sse != null ? "--s3-sse" : "-o server-side-encryption";
            case "attempt-timeout" -> s3TimeoutSeconds != null ? "--s3-timeout" : "-o attempt-timeout";
            default -> fromOptions.contains(Typos.plain(setting)) ? "-o " + setting : unstated(setting);
        };
    }

    /**
     * A setting the command line does not hold: the provider took it from its environment variable, or found
     * it missing. Naming it "-o" would send the user to fix a command line that never had it.
     */
    private String unstated(String setting) {
        String variable = provider == null ? null : provider.environmentVariable(setting).orElse(null);
        if (variable == null) {
            return "-o " + setting;
        }
        String value = System.getenv(variable);
        if (value != null && !value.isBlank()) {
            return variable + " (environment)";
        }
        return "'" + setting + "' (" + (StorageSettings.isSecret(setting) ? "" : "-o " + setting + " or ") + variable + " in the environment)";
    }
}
