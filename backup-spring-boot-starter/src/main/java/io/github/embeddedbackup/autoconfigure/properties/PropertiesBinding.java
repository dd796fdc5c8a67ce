package io.github.embeddedbackup.autoconfigure.properties;

import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Binds {@code backup.*} from plain key-value pairs, the way Spring Boot binds them from the environment (for defaults and tests). */
public final class PropertiesBinding {

    private PropertiesBinding() {}

    /** @param values e.g. {@code backup.schedule -> 0 0 3 * * *} */
    public static BackupProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("backup", BackupProperties.class);
    }
}
