package io.github.embeddedbackup.core.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

/**
 * The {@link SourceProvider}s on the class path, and the one place that picks a provider for a URI.
 *
 * @since 0.2.0
 */
public final class SourceProviders {

    private static volatile SourceProviders installed;

    private final List<SourceProvider> providers;

    private SourceProviders(List<SourceProvider> providers) {
        this.providers = List.copyOf(providers);
    }

    /** Those registered in {@code META-INF/services} of the jars beside this one; looked up once. */
    public static SourceProviders installed() {
        SourceProviders result = installed;
        if (result == null) {
            result = load(SourceProviders.class.getClassLoader());
            installed = result;
        }
        return result;
    }

    /** Those that {@code classLoader} sees (an application's class loader, which may differ from this library's). */
    public static SourceProviders load(ClassLoader classLoader) {
        List<SourceProvider> found = new ArrayList<>();
        ServiceLoader.load(SourceProvider.class, classLoader).forEach(found::add);
        return new SourceProviders(found);
    }

    public static SourceProviders of(List<SourceProvider> providers) {
        return new SourceProviders(providers);
    }

    public List<SourceProvider> all() {
        return providers;
    }

    /**
     * The provider that takes {@code uri}.
     *
     * @throws UnsupportedSourceException naming the accepted forms and, for a likely typo, the corrected URI
     */
    public SourceProvider forUri(String uri) {
        String value = uri.strip();
        for (SourceProvider provider : providers) {
            if (provider.supports(value)) {
                return provider;
            }
        }
        throw new UnsupportedSourceException(redact(value), reason(value), suggestion(value), examples());
    }

    /** The provider that restores a source a manifest records with this type. */
    public Optional<SourceProvider> forType(String sourceType) {
        return providers.stream().filter(provider -> provider.restores(sourceType)).findFirst();
    }

    /** One example per accepted form, of every provider. */
    public List<String> examples() {
        return providers.stream().flatMap(provider -> provider.examples().stream()).toList();
    }

    /** {@code uri} without its password, whichever provider (if any) takes it. */
    public String redact(String uri) {
        for (SourceProvider provider : providers) {
            if (provider.supports(uri)) {
                return provider.redact(uri);
            }
        }
        return redactAnyUri(uri);
    }

    /** Removes what looks like a password from a URI no provider knows: {@code user:secret@}, {@code password=secret}. */
    public static String redactAnyUri(String uri) {
        String withoutUserInfo = USER_INFO.matcher(uri).replaceFirst("$1****@");
        return PASSWORD_PARAMETER.matcher(withoutUserInfo).replaceAll("$1****");
    }

    private static final Pattern USER_INFO = Pattern.compile("(//)[^/@?#]*@");
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)((?:password|pwd|pass|secret|token)=)[^&;]*");

    private String suggestion(String uri) {
        for (SourceProvider provider : providers) {
            String suggestion = provider.suggestion(uri);
            if (suggestion != null) {
                return suggestion;
            }
        }
        return null;
    }

    /** Why a JDBC URL of a known but unsupported kind cannot be backed up, or null. */
    private static String reason(String uri) {
        String lower = uri.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:h2:") || lower.startsWith("jdbc:hsqldb:") || lower.startsWith("jdbc:derby:")) {
            return "embedded databases such as H2, HSQLDB and Derby cannot be backed up";
        }
        if (lower.startsWith("jdbc:")) {
            int colon = lower.indexOf(':', 5);
            String kind = colon < 0 ? lower.substring(5) : lower.substring(5, colon);
            return "no source for '" + kind + "' databases is installed";
        }
        return null;
    }
}
