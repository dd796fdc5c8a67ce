package io.github.embeddedbackup.autoconfigure.compatibility;

import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringBootVersion;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Stops start-up, before any bean is created, when the application's Spring Boot version is outside the
 * supported lines: a clear message then, instead of a NoSuchMethodError in the middle of a backup later.
 * Registered in META-INF/spring.factories (read by every Spring Boot line), and refers only to classes that
 * exist on all of them.
 */
public class SpringBootVersionVerifier implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final Log log = LogFactory.getLog(SpringBootVersionVerifier.class);

    private final Supplier<@Nullable String> bootVersion;

    public SpringBootVersionVerifier() {
        this(SpringBootVersion::getVersion);
    }

    SpringBootVersionVerifier(Supplier<@Nullable String> bootVersion) {
        this.bootVersion = bootVersion;
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment environment = context.getEnvironment();
        if (!environment.getProperty(SpringBootCompatibility.ENABLED_PROPERTY, Boolean.class, true)
                || !environment.getProperty("backup.enabled", Boolean.class, true)) {
            return;
        }
        String version = bootVersion.get();
        UnsupportedSpringBootVersionException failure = SpringBootCompatibility.failureFor(version);
        if (failure != null) {
            throw failure;
        }
        if (SpringBootCompatibility.check(version) == SpringBootCompatibility.Verdict.UNKNOWN) {
            log.warn("Could not tell the Spring Boot version (" + version + "); the backup starter supports Spring Boot "
                    + SpringBootCompatibility.SUPPORTED_RANGE + ".");
        }
    }
}
