package io.github.embeddedbackup.autoconfigure.compatibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.embeddedbackup.autoconfigure.compatibility.SpringBootCompatibility.Verdict;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.SpringFactoriesLoader;

/** Issue 12 item 11: an unsupported Spring Boot version stops start-up with a message saying what to do. */
@Tag("fault-matrix")
@ExtendWith(OutputCaptureExtension.class)
class SpringBootCompatibilityFaultsTests {

    @Test
    void the40And41LinesAreSupportedOthersAreNot() {
        for (String v : List.of("4.0.0", "4.0.3", "4.0.7", "4.1.0", "4.1.1", "4.1.0-SNAPSHOT", "4.1.0-RC1", "4.0.10", "4.0")) {
            assertThat(SpringBootCompatibility.check(v)).as(v).isEqualTo(Verdict.SUPPORTED);
        }
        for (String v : List.of("3.5.7", "3.0.0", "2.7.18", "1.5.22.RELEASE")) {
            assertThat(SpringBootCompatibility.check(v)).as(v).isEqualTo(Verdict.TOO_OLD);
        }
        for (String v : List.of("4.2.0", "4.2.0-M1", "4.10.0", "5.0.0", "5.0.0-SNAPSHOT")) {
            assertThat(SpringBootCompatibility.check(v)).as(v).isEqualTo(Verdict.TOO_NEW);
        }
        for (String v : new String[] {null, "", "main-SNAPSHOT", "four", "4", "99999999999.0.0"}) {
            assertThat(SpringBootCompatibility.check(v)).as(String.valueOf(v)).isEqualTo(Verdict.UNKNOWN);
        }
    }

    @Test
    void theMessageNamesTheVersionTheSupportedRangeAndTheWayOut() {
        UnsupportedSpringBootVersionException old = SpringBootCompatibility.failureFor("3.5.7");
        assertThat(old).isNotNull();
        assertThat(old.problem()).contains("Spring Boot 3.5.7 is not supported", "4.0.x and 4.1.x");
        assertThat(old.action()).contains("Upgrade the application to Spring Boot 4.0.x or 4.1.x",
                "backup.compatibility-verifier.enabled=false");
        UnsupportedSpringBootVersionException newer = SpringBootCompatibility.failureFor("4.2.0");
        assertThat(newer).isNotNull();
        assertThat(newer.action()).contains("a starter release that supports Spring Boot 4.2.0", "backup.compatibility-verifier.enabled=false");
        assertThat(SpringBootCompatibility.failureFor("4.0.0")).isNull();
        assertThat(SpringBootCompatibility.failureFor(null)).isNull();
    }

    @Test
    void anApplicationOnAnUnsupportedVersionFailsToStartWithTheReport(CapturedOutput output) {
        SpringApplication app = application(new SpringBootVersionVerifier(() -> "3.5.7"));
        assertThatThrownBy(() -> app.run()).isInstanceOf(UnsupportedSpringBootVersionException.class);
        assertThat(output.getAll()).contains("APPLICATION FAILED TO START",
                "Spring Boot 3.5.7 is not supported by the backup starter",
                "set backup.compatibility-verifier.enabled=false to start anyway");
    }

    @Test
    void theCheckCanBeTurnedOffAndIsOffWhenBackupsAreOff() {
        for (String off : List.of("--backup.compatibility-verifier.enabled=false", "--backup.enabled=false")) {
            SpringApplication app = application(new SpringBootVersionVerifier(() -> "4.2.0"));
            try (ConfigurableApplicationContext context = app.run(off)) {
                assertThat(context.isActive()).as(off).isTrue();
            }
        }
    }

    @Test
    void anUnknownVersionStartsWithAWarning(CapturedOutput output) {
        try (ConfigurableApplicationContext context = application(new SpringBootVersionVerifier(() -> null)).run()) {
            assertThat(context.isActive()).isTrue();
        }
        assertThat(output.getAll()).contains("Could not tell the Spring Boot version", "4.0.x and 4.1.x");
    }

    @Test
    void theStarterRegistersTheCheckAndThisBootPassesIt() {
        assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(ApplicationContextInitializer.class))
                .anySatisfy(i -> assertThat(i).isInstanceOf(SpringBootVersionVerifier.class));
        assertThat(SpringBootCompatibility.check(SpringBootVersion.getVersion())).isEqualTo(Verdict.SUPPORTED);
    }

    private static SpringApplication application(SpringBootVersionVerifier verifier) {
        SpringApplication app = new SpringApplication(Empty.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.addInitializers(verifier);
        return app;
    }

    @Configuration(proxyBeanMethods = false)
    static class Empty {}
}
