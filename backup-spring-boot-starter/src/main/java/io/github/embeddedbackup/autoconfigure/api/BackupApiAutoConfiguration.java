package io.github.embeddedbackup.autoconfigure.api;

import io.github.embeddedbackup.autoconfigure.properties.ApiProperties;

import io.github.embeddedbackup.autoconfigure.BackupAutoConfiguration;
import io.github.embeddedbackup.autoconfigure.properties.BackupProperties;
import io.github.embeddedbackup.autoconfigure.properties.BackupPropertyException;
import io.github.embeddedbackup.autoconfigure.ConfiguredPlan;
import io.github.embeddedbackup.runtime.BackupRestoreService;
import io.github.embeddedbackup.runtime.BackupService;
import io.github.embeddedbackup.runtime.VerifyResults;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The REST API under {@code backup.api.base-path} in a servlet web application. Closed by default:
 * with Spring Security on the classpath a caller needs {@code backup.api.authority}; without it,
 * the bearer token {@code backup.api.token}; with neither, every call is refused.
 */
@AutoConfiguration(after = BackupAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBean(BackupService.class)
@ConditionalOnProperty(prefix = "backup.api", name = "enabled", havingValue = "true", matchIfMissing = true)
@Import({BackupApiController.class, BackupApiStatusController.class, BackupApiExceptionHandler.class})
public final class BackupApiAutoConfiguration {

    private static final Logger logger = LoggerFactory.getLogger(BackupApiAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    BackupRestoreService backupRestoreService(BackupService service, ConfiguredPlan plan, BackupProperties properties) {
        return new BackupRestoreService(service, service.decryptionKeys(), plan.restoreSettings(properties.restore()), Clock.systemUTC());
    }

    /** The last verification of each backup, for the listing (the API records each verification it runs). */
    @Bean
    @ConditionalOnMissingBean
    VerifyResults backupVerifyResults() {
        return new VerifyResults(Clock.systemUTC());
    }

    /** One estimate per running backup, shared by the job and status calls. */
    @Bean
    @ConditionalOnMissingBean
    ProgressEstimates backupProgressEstimates(BackupService service) {
        return new ProgressEstimates(service);
    }

    @Bean
    @ConditionalOnMissingBean
    BackupAuditLog backupAuditLog(ApplicationEventPublisher events) {
        return new BackupAuditLog(events);
    }

    @Bean
    WebMvcConfigurer backupApiWebMvcConfigurer(BackupApiAccess access, BackupAuditLog audit, BackupProperties properties) {
        ApiProperties api = properties.api();
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new BackupApiInterceptor(access, audit, api.maxBodySize().toBytes()))
                        .addPathPatterns(api.basePath(), api.basePath() + "/**");
            }

            @Override
            public void addCorsMappings(CorsRegistry registry) {
                if (!api.corsAllowedOrigins().isEmpty()) {
                    registry.addMapping(api.basePath() + "/**").allowedOrigins(api.corsAllowedOrigins().toArray(String[]::new))
                            .allowedMethods("GET", "POST", "DELETE").allowedHeaders("Authorization", "Content-Type")
                            .exposedHeaders("Location", "ETag", "Repr-Digest", "X-Backup-Sha256", "X-Backup-Id", "Content-Disposition");
                }
            }
        };
    }

    /** With Spring Security: the caller needs the authority. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.security.core.context.SecurityContextHolder")
    static class SecurityAccessConfiguration {

        @Bean
        @ConditionalOnMissingBean
        BackupApiAccess backupApiAccess(BackupProperties properties) {
            if (properties.api().token() != null && !properties.api().token().isBlank()) {
                logger.warn("backup.api.token is set but Spring Security is on the classpath: the API takes callers with the authority '{}' "
                        + "(backup.api.authority) and ignores the token.", properties.api().authority());
            }
            return new SpringSecurityApiAccess(properties.api().authority());
        }
    }

    /** Without Spring Security: the bearer token, or nothing. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("org.springframework.security.core.context.SecurityContextHolder")
    static class TokenAccessConfiguration {

        @Bean
        @ConditionalOnMissingBean
        BackupApiAccess backupApiAccess(BackupProperties properties) {
            String token = properties.api().token();
            if (token != null && !token.isBlank() && token.strip().length() < 16) {
                throw new BackupPropertyException("backup.api.token", "the API token is shorter than 16 characters, which is too easy to guess.",
                        "use a random secret, e.g. BACKUP_API_TOKEN=$(openssl rand -hex 24) and backup.api.token=${BACKUP_API_TOKEN}", null);
            }
            if (token != null && !token.isBlank() && !token.strip().matches("[\\x21-\\x7e]+")) {
                throw new BackupPropertyException("backup.api.token", "the API token holds spaces or characters outside printable ASCII, "
                        + "which HTTP headers do not carry reliably (browsers refuse them; curl sends bytes the server may read otherwise).",
                        "use letters, digits and punctuation only, e.g. BACKUP_API_TOKEN=$(openssl rand -hex 24)", null);
            }
            if (token == null || token.isBlank()) {
                logger.info("The backup API at {} is closed: set backup.api.token (or add Spring Security) to use it.", properties.api().basePath());
            }
            return new TokenApiAccess(token == null ? null : token.strip());
        }
    }
}
