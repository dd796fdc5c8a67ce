package io.github.embeddedbackup.autoconfigure.api;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * Without Spring Security: a bearer token from {@code backup.api.token}. Without a token configured,
 * every call is refused with a detail that says how to configure one.
 */
public final class TokenApiAccess implements BackupApiAccess {

    private final byte @Nullable [] tokenDigest;

    public TokenApiAccess(@Nullable String token) {
        this.tokenDigest = token == null || token.isBlank() ? null : digest(token);
    }

    @Override
    public BackupApiCaller authorize(HttpServletRequest request) {
        if (tokenDigest == null) {
            throw unauthorized("The backup API is closed: no credentials are configured. Set backup.api.token to a secret of at "
                    + "least 16 characters (e.g. BACKUP_API_TOKEN=$(openssl rand -hex 24) with backup.api.token=${BACKUP_API_TOKEN}) "
                    + "and send it as 'Authorization: Bearer <token>', or add Spring Security and grant callers the authority "
                    + "set in backup.api.authority.");
        }
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw unauthorized("This call needs the API token: send it as 'Authorization: Bearer <token>' (backup.api.token).");
        }
        // Compare digests: constant time, and the length of the token is not revealed either.
        if (!MessageDigest.isEqual(tokenDigest, digest(header.substring(7).trim()))) {
            throw unauthorized("The bearer token is not valid.");
        }
        return new BackupApiCaller("token", request.getRemoteAddr());
    }

    private static BackupApiProblem unauthorized(String detail) {
        return new BackupApiProblem(HttpStatus.UNAUTHORIZED, "Unauthorized", detail).withHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"backup\"");
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
