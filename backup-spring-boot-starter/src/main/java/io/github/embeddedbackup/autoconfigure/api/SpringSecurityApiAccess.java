package io.github.embeddedbackup.autoconfigure.api;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * With Spring Security: the caller must be authenticated (by whatever the application configured)
 * and hold the authority {@code backup.api.authority} (or {@code ROLE_} + it). This holds even where
 * the application's own rules let the path through.
 */
public final class SpringSecurityApiAccess implements BackupApiAccess {

    private final String authority;

    public SpringSecurityApiAccess(String authority) {
        this.authority = authority;
    }

    @Override
    public BackupApiCaller authorize(HttpServletRequest request) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated() || authentication instanceof AnonymousAuthenticationToken) {
            throw new BackupApiProblem(HttpStatus.UNAUTHORIZED, "Unauthorized", "The backup API needs an authenticated caller with the "
                    + "authority '" + authority + "' (backup.api.authority). Authenticate as the application's security configuration "
                    + "allows (e.g. HTTP Basic) with a user that has it.");
        }
        boolean granted = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .anyMatch(held -> authority.equals(held) || ("ROLE_" + authority).equals(held));
        if (!granted) {
            throw new BackupApiProblem(HttpStatus.FORBIDDEN, "Forbidden", "'" + authentication.getName() + "' lacks the authority '"
                    + authority + "' that the backup API needs (backup.api.authority).");
        }
        return new BackupApiCaller(authentication.getName(), request.getRemoteAddr());
    }
}
