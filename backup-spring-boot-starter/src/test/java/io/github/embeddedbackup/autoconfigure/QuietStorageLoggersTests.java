package io.github.embeddedbackup.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/** The Azure SDK's per-request warning stays out of an application's log, unless the application asks for it. */
class QuietStorageLoggersTests {

    static final String AZURE_HTTP = "com.azure.core.http.jdk.httpclient";

    @AfterEach
    void reset() {
        LoggingSystem.get(getClass().getClassLoader()).setLogLevel(AZURE_HTTP, null);
    }

    @Test
    void theLoggersAStorageModuleNamesAreSetToErrorAtStartUp() {
        try (ConfigurableApplicationContext context = start()) {
            assertThat(level(AZURE_HTTP)).isEqualTo(LogLevel.ERROR);
            assertThat(org.slf4j.LoggerFactory.getLogger(AZURE_HTTP + ".JdkHttpClient").isWarnEnabled()).isFalse();
        }
    }

    @Test
    void aLevelTheApplicationSetsForTheLoggerOrAPackageAboveItIsLeftAlone() {
        try (ConfigurableApplicationContext context = start("logging.level.com.azure=WARN")) {
            assertThat(level(AZURE_HTTP)).as("not set by the starter").isNull();
            assertThat(org.slf4j.LoggerFactory.getLogger(AZURE_HTTP + ".JdkHttpClient").isWarnEnabled()).isTrue();
        }
        try (ConfigurableApplicationContext context = start("backup.enabled=false")) {
            assertThat(level(AZURE_HTTP)).as("the starter switched off").isNull();
        }
    }

    private static ConfigurableApplicationContext start(String... properties) {
        return new SpringApplicationBuilder(Empty.class).web(WebApplicationType.NONE).properties("spring.main.banner-mode=off")
                .properties(properties).run();
    }

    private static LogLevel level(String logger) {
        var configuration = LoggingSystem.get(QuietStorageLoggersTests.class.getClassLoader()).getLoggerConfiguration(logger);
        return configuration == null ? null : configuration.getConfiguredLevel();
    }

    @Configuration(proxyBeanMethods = false)
    static class Empty {}
}
