package io.github.embeddedbackup.autoconfigure;

import io.github.embeddedbackup.core.storage.StorageProvider;
import io.github.embeddedbackup.core.storage.StorageProviders;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Sets the loggers that installed storage modules name as noisy ({@link StorageProvider#quietLoggers()},
 * such as the Azure SDK's HTTP adapter, which warns on every request) to ERROR, before the first
 * backup: a backup would otherwise write hundreds of identical warnings into the application's log.
 * A level the application sets for such a logger, or for a package above it, is left alone.
 * Registered in META-INF/spring.factories; runs after Spring Boot has applied {@code logging.level.*}.
 */
public class QuietStorageLoggers implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Environment environment = context.getEnvironment();
        if (!environment.getProperty("backup.enabled", Boolean.class, true)) {
            return;
        }
        ClassLoader classLoader = context.getClassLoader() != null ? context.getClassLoader() : getClass().getClassLoader();
        LoggingSystem logging = LoggingSystem.get(classLoader);
        for (StorageProvider provider : StorageProviders.load(classLoader).all()) {
            for (String logger : provider.quietLoggers()) {
                if (!setByApplication(environment, logger)) {
                    logging.setLogLevel(logger, LogLevel.ERROR);
                }
            }
        }
    }

    /** Whether {@code logging.level} names this logger or a package above it. */
    static boolean setByApplication(Environment environment, String logger) {
        for (String name = logger; !name.isEmpty(); name = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : "") {
            if (environment.containsProperty("logging.level." + name)) {
                return true;
            }
        }
        return false;
    }
}
