package io.github.embeddedbackup.cli;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.plan.BackupPlanBuilder;
import io.github.embeddedbackup.core.source.RestoreTarget;
import io.github.embeddedbackup.core.source.SourceProviders;
import io.github.embeddedbackup.core.source.SourceSettings;
import io.github.embeddedbackup.core.source.UnsupportedSourceException;
import java.util.List;

/**
 * Reads {@code --source [NAME=]URI} and {@code --target URI} through the installed source providers;
 * this class names none. A new kind of source is a jar on the class path, not a change here.
 */
final class SourceArguments {

    private SourceArguments() {}

    /**
     * Adds each {@code [NAME=]URI} to the plan. Without a name, a source is named after its database,
     * file or folder. Two sources with one name are refused by the plan: a renamed source would be
     * restored under a name the user never gave.
     */
    static void addSources(BackupPlanBuilder plan, List<String> values, SourceSettings settings) {
        for (String given : values) {
            String value = given.strip(); // a pasted trailing space must not become part of a file name or source name
            String name = null;
            String uri = value;
            int eq = value.indexOf('=');
            int colon = value.indexOf(':');
            if (eq > 0 && (colon < 0 || eq < colon)) { // NAME=jdbc:…; an '=' inside the URI (…?user=x) is not a name
                name = value.substring(0, eq).strip();
                uri = value.substring(eq + 1).strip();
            }
            try {
                plan.source(name, uri, settings);
            } catch (UnsupportedSourceException e) {
                throw new BackupConfigurationException("Unsupported --source: " + e.getMessage() + " Each may be given as NAME=URI.", e);
            } catch (BackupConfigurationException e) {
                throw new BackupConfigurationException("--source '" + SourceProviders.installed().redact(uri) + "': " + e.getMessage(), e);
            }
        }
    }

    static RestoreTarget target(String given, SourceSettings settings) {
        String uri = given.strip();
        try {
            return SourceProviders.installed().forUri(uri).target(uri, settings);
        } catch (UnsupportedSourceException e) {
            throw new BackupConfigurationException("Unsupported --target: " + e.getMessage().replace("back up", "restore into"), e);
        } catch (BackupConfigurationException e) {
            throw new BackupConfigurationException("--target '" + SourceProviders.installed().redact(uri) + "': " + e.getMessage(), e);
        }
    }

    /** {@code NAME=VALUE} options as a map; {@code option} names the flag in messages. */
    static java.util.Map<String, String> options(List<String> values, String option) {
        java.util.Map<String, String> options = new java.util.LinkedHashMap<>();
        for (String value : values) {
            int eq = value.indexOf('=');
            if (eq <= 0) {
                throw new BackupConfigurationException(option + " '" + value + "' is not NAME=VALUE: give it as e.g. " + option
                        + " client-ssl-ca=/etc/ca.pem.");
            }
            options.put(value.substring(0, eq).strip(), value.substring(eq + 1).strip());
        }
        return options;
    }

    /** The accepted forms, for help texts. */
    static String forms() {
        return String.join(", ", SourceProviders.installed().examples());
    }
}
