package io.github.embeddedbackup.autoconfigure.ui;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the page needs to know before its first call: where the API is, how callers sign in (a token
 * typed into the page, or the application's own login), and the CSRF token to send on writes when the
 * application uses Spring Security. Holds no secret of the server's: the CSRF token is this session's.
 */
final class BackupUiConfig {

    /** How the page signs in. */
    enum SignIn {
        /** The page asks for the API token (backup.api.token) and sends it as a bearer token. */
        TOKEN,
        /** The application's own login (Spring Security): the browser's session cookie, and CSRF on writes. */
        SESSION
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String apiBasePath;
    private final SignIn signIn;

    BackupUiConfig(String apiBasePath, SignIn signIn) {
        this.apiBasePath = apiBasePath;
        this.signIn = signIn;
    }

    String json(HttpServletRequest request) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("api", request.getContextPath() + apiBasePath);
        config.put("signIn", signIn.name().toLowerCase(Locale.ROOT));
        String[] csrf = signIn == SignIn.SESSION && CsrfSupport.PRESENT ? CsrfSupport.token(request) : null;
        if (csrf != null) {
            Map<String, String> token = new LinkedHashMap<>();
            token.put("header", csrf[0]);
            token.put("token", csrf[1]);
            config.put("csrf", token);
        }
        return JSON.writeValueAsString(config);
    }

    /** Touches Spring Security's web classes only when they are there (the starter works without them). */
    private static final class CsrfSupport {

        static final boolean PRESENT = isPresent("org.springframework.security.web.csrf.CsrfToken");

        static String @Nullable [] token(HttpServletRequest request) {
            Object attribute = request.getAttribute(org.springframework.security.web.csrf.CsrfToken.class.getName());
            if (attribute instanceof org.springframework.security.web.csrf.CsrfToken token) {
                return new String[] {token.getHeaderName(), token.getToken()};
            }
            return null;
        }

        private static boolean isPresent(String className) {
            try {
                Class.forName(className, false, BackupUiConfig.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }
    }
}
