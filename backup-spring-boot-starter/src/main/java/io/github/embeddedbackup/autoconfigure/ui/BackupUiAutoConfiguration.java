package io.github.embeddedbackup.autoconfigure.ui;

import io.github.embeddedbackup.autoconfigure.api.BackupApiAccess;
import io.github.embeddedbackup.autoconfigure.api.BackupApiAutoConfiguration;
import io.github.embeddedbackup.autoconfigure.api.BackupApiController;
import io.github.embeddedbackup.autoconfigure.api.TokenApiAccess;
import io.github.embeddedbackup.autoconfigure.properties.BackupProperties;
import io.github.embeddedbackup.autoconfigure.properties.BackupPropertyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.Ordered;

/**
 * The admin web console under {@code backup.ui.path}: served whenever the REST API is (it is a page on
 * top of it and adds no power of its own), unless {@code backup.ui.enabled=false}.
 */
@AutoConfiguration(after = BackupApiAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean(BackupApiController.class)
@ConditionalOnProperty(prefix = "backup.ui", name = "enabled", havingValue = "true", matchIfMissing = true)
public final class BackupUiAutoConfiguration {

    private static final Logger logger = LoggerFactory.getLogger(BackupUiAutoConfiguration.class);

    /** After the application's security filters (its login guards the page), before the dispatcher. */
    static final int ORDER = Ordered.LOWEST_PRECEDENCE - 10;

    @Bean
    FilterRegistrationBean<BackupUiFilter> backupUiFilter(BackupProperties properties, BackupApiAccess access, Environment environment) {
        String path = properties.ui().path();
        refuseOverlap(path, properties.api().basePath(), "the REST API's path", "backup.api.base-path");
        if (environment.getProperty("management.server.port") == null) {
            // Actuator on the application's port: /actuator/health must stay reachable (load balancers, probes).
            refuseOverlap(path, environment.getProperty("management.endpoints.web.base-path", "/actuator"), "Actuator's path",
                    "management.endpoints.web.base-path");
        }
        BackupUiConfig.SignIn signIn = access instanceof TokenApiAccess ? BackupUiConfig.SignIn.TOKEN : BackupUiConfig.SignIn.SESSION;
        FilterRegistrationBean<BackupUiFilter> registration = new FilterRegistrationBean<>(
                new BackupUiFilter(path, new BackupUiConfig(properties.api().basePath(), signIn)));
        registration.setName("backupUiFilter");
        registration.addUrlPatterns(path + "*", path.substring(0, path.length() - 1));
        registration.setOrder(ORDER);
        logger.info("Backup console at {} (sign-in: {}).", path, signIn == BackupUiConfig.SignIn.TOKEN ? "the API token, backup.api.token"
                : "the application's login, with the authority " + properties.api().authority());
        return registration;
    }

    /** The page's filter answers everything under its path (and only GET): the other paths would be unreachable, or the page. */
    private static void refuseOverlap(String path, String other, String what, String property) {
        String otherPath = other.endsWith("/") ? other : other + "/";
        if (otherPath.startsWith(path) || path.startsWith(otherPath)) {
            throw new BackupPropertyException("backup.ui.path", "the console's path '" + path + "' overlaps " + what + " '" + other + "' ("
                    + property + ").", "choose a path of its own, e.g. /backup-ui/", null);
        }
    }
}
