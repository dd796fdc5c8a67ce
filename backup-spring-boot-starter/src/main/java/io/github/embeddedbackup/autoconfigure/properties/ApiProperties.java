package io.github.embeddedbackup.autoconfigure.properties;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The REST API ({@code backup.api.*}). Closed by default: every call needs credentials.
 *
 * @param enabled Whether the REST API is registered (a servlet web application is needed).
 * @param basePath Where the API answers.
 * @param token Bearer token accepted when Spring Security is not on the classpath; at least 16 characters. Unset: every call is refused.
 * @param authority Authority a caller needs when Spring Security is on the classpath (ROLE_ + it is accepted too).
 * @param maxBodySize Largest request body accepted.
 * @param corsAllowedOrigins Origins allowed to call the API from a browser (CORS). Empty: CORS stays off.
 */
public record ApiProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("/api/backup") String basePath,
        @Nullable String token,
        @DefaultValue("BACKUP_ADMIN") String authority,
        @DefaultValue("64KB") DataSize maxBodySize,
        @Nullable List<String> corsAllowedOrigins) {

    public ApiProperties {
        if (basePath == null || !basePath.matches("(/[A-Za-z0-9._~-]+)+")) {
            throw new IllegalArgumentException("backup.api.base-path must be a path such as /api/backup (no trailing slash, no wildcards)");
        }
        corsAllowedOrigins = corsAllowedOrigins == null ? List.of() : List.copyOf(corsAllowedOrigins);
    }

    /** Never the token. */
    @Override
    public String toString() {
        return "ApiProperties[enabled=" + enabled + ", basePath=" + basePath + ", token=" + (token == null ? null : "****") + ", authority="
                + authority + ", maxBodySize=" + maxBodySize + ", corsAllowedOrigins=" + corsAllowedOrigins + "]";
    }
}
