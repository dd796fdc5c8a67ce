package io.github.embeddedbackup.core.storage;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.Typos;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@link StorageProvider}s on the class path, and the one place that reads a storage URI or a
 * type with settings into an open {@link BackupStorage}.
 *
 * @since 0.2.0
 */
public final class StorageProviders {

    private static volatile StorageProviders installed;

    private final List<StorageProvider> providers;

    private StorageProviders(List<StorageProvider> providers) {
        this.providers = List.copyOf(providers);
    }

    /** Those registered in {@code META-INF/services} of the jars beside this one; looked up once. */
    public static StorageProviders installed() {
        StorageProviders result = installed;
        if (result == null) {
            result = load(StorageProviders.class.getClassLoader());
            installed = result;
        }
        return result;
    }

    /** Those that {@code classLoader} sees (an application's class loader, which may differ from this library's). */
    public static StorageProviders load(ClassLoader classLoader) {
        List<StorageProvider> found = new ArrayList<>();
        ServiceLoader.load(StorageProvider.class, classLoader).forEach(found::add);
        return new StorageProviders(found);
    }

    public static StorageProviders of(List<StorageProvider> providers) {
        return new StorageProviders(providers);
    }

    public List<StorageProvider> all() {
        return providers;
    }

    /** The types users can name, e.g. {@code [gcs, local, s3]}. */
    public List<String> types() {
        return providers.stream().map(StorageProvider::type).sorted().toList();
    }

    /** One example URI per accepted form. */
    public List<String> examples() {
        return providers.stream().flatMap(provider -> provider.examples().stream()).toList();
    }

    /**
     * The provider of a type ({@code backup.storage.type}).
     *
     * @throws UnknownStorageTypeException with the nearest type, or the module to add
     */
    public StorageProvider forType(String type) {
        String wanted = type.strip().toLowerCase(Locale.ROOT);
        for (StorageProvider provider : providers) {
            if (provider.type().equals(wanted) || provider.schemes().contains(wanted)) {
                return provider;
            }
        }
        throw new UnknownStorageTypeException(type, types(), Typos.nearest(wanted, types()));
    }

    /**
     * Reads a storage URI: {@code scheme://…} of an installed provider, {@code file:<folder>} or a plain folder path.
     *
     * @throws BackupConfigurationException for a URI no provider takes, with the likely intended one
     */
    public StorageLocation parse(String uri) {
        String value = uri.strip();
        if (value.isEmpty()) {
            throw new BackupConfigurationException("The storage names no folder or URI. Accepted forms: " + forms() + ".");
        }
        // What follows '?' may be a SAS token or a key: messages show the URI without it.
        String shown = StorageSettings.withoutQuery(value);
        Matcher missingColon = MISSING_COLON.matcher(shown);
        if (missingColon.find() && knownScheme(missingColon.group(1))) {
            String scheme = missingColon.group(1).toLowerCase(Locale.ROOT);
            throw new BackupConfigurationException("Storage '" + shown + "' looks like a URI without its ':' (did you mean "
                    + corrected(scheme, shown.substring(missingColon.end())) + "?). Accepted forms: " + forms()
                    + ". (A local folder with that name can be given as file:" + shown + ".)");
        }
        Matcher scheme = SCHEME.matcher(value);
        if (!scheme.find() || WINDOWS_DRIVE.matcher(value).find()) {
            return local("file:" + value); // a plain folder path
        }
        String name = scheme.group(1).toLowerCase(Locale.ROOT);
        for (StorageProvider provider : providers) {
            if (provider.schemes().contains(name) && (name.equals("file") || value.substring(scheme.end()).startsWith("//"))) {
                try {
                    return new StorageLocation(provider, provider.settingsFromUri(value));
                } catch (InvalidStorageSettingException e) {
                    throw e;
                } catch (BackupConfigurationException e) {
                    throw new BackupConfigurationException(e.getMessage() + " Accepted forms: " + forms() + ".", e);
                }
            }
        }
        throw new BackupConfigurationException("Unknown storage '" + shown + "'" + suggestion(shown) + ". Accepted forms: " + forms()
                + ". (A folder whose name contains ':' can be given as file:<folder>.)");
    }

    private StorageLocation local(String uri) {
        StorageProvider provider = forType("local");
        return new StorageLocation(provider, provider.settingsFromUri(uri));
    }

    /**
     * Opens a storage of {@code type} with {@code values}; every setting name must be one the provider
     * reads ({@code pathStyle}, {@code path_style} and {@code path-style} are taken as one).
     */
    public BackupStorage open(String type, Map<String, String> values, SharedClients shared) {
        StorageProvider provider = forType(type);
        return provider.open(new StorageSettings(provider.type(), checked(provider, values), shared));
    }

    /** {@code values} under the provider's own names; a name it does not read is refused with the nearest one. */
    public static Map<String, String> checked(StorageProvider provider, Map<String, String> values) {
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : values.entrySet()) {
            String known = provider.settingNames().stream().filter(name -> Typos.plain(name).equals(Typos.plain(entry.getKey())))
                    .findFirst().orElse(null);
            if (known == null) {
                String nearest = Typos.nearest(entry.getKey(), provider.settingNames());
                throw new InvalidStorageSettingException(provider.type(), entry.getKey(), provider.type() + " storage has no such setting"
                        + (nearest == null ? "." : " (did you mean '" + nearest + "'?)."),
                        "use one of " + new TreeSet<>(provider.settingNames()));
            }
            result.put(known, entry.getValue());
        }
        return result;
    }

    /** Where a URI points: the provider and the settings the URI holds. */
    public record StorageLocation(StorageProvider provider, Map<String, String> settings) {}

    private String forms() {
        return String.join(", ", examples()) + " or a plain folder path";
    }

    private boolean knownScheme(String scheme) {
        String lower = scheme.toLowerCase(Locale.ROOT);
        return lower.equals("gcs") || providers.stream().anyMatch(provider -> provider.schemes().contains(lower));
    }

    /** What {@code scheme} with {@code rest} was meant to be: file:/rest, gs://rest (for gcs too), s3://rest. */
    private static String corrected(String scheme, String rest) {
        return scheme.equals("file") ? "file:/" + rest : (scheme.equals("gcs") ? "gs" : scheme) + "://" + rest;
    }

    private String suggestion(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        List<String> schemes = new ArrayList<>(providers.stream().flatMap(provider -> provider.schemes().stream()).toList());
        schemes.add("gcs");
        for (String scheme : schemes) {
            if (lower.startsWith(scheme + ":") && !lower.startsWith(scheme + "://")) {
                return " (did you mean " + corrected(scheme, value.substring(scheme.length() + 1).replaceFirst("^/+", "")) + "?)";
            }
        }
        if (lower.startsWith("gcs://")) {
            return " (did you mean gs://" + value.substring(6) + "?)";
        }
        Matcher scheme = SCHEME.matcher(value);
        if (scheme.find() && value.substring(scheme.end()).startsWith("//")) { // only what looks like a URI, not a folder "a:b"
            String nearest = Typos.nearest(scheme.group(1), schemes.stream().filter(s -> !s.equals("gcs")).toList());
            if (nearest != null) {
                return " (did you mean " + corrected(nearest, value.substring(scheme.end()).replaceFirst("^/+", "")) + "?)";
            }
        }
        return "";
    }

    private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*):");
    /** {@code file//x}, {@code s3//bucket}: a scheme whose ':' was lost, taken for a folder name otherwise. */
    private static final Pattern MISSING_COLON = Pattern.compile("^([a-zA-Z][a-zA-Z0-9]*)//+");
    private static final Pattern WINDOWS_DRIVE = Pattern.compile("^[a-zA-Z]:[\\\\/]");
}
