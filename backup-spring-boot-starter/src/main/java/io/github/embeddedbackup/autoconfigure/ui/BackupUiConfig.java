package io.github.embeddedbackup.autoconfigure.ui;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

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

    private final String apiBasePath;
    private final SignIn signIn;

    BackupUiConfig(String apiBasePath, SignIn signIn) {
        this.apiBasePath = apiBasePath;
        this.signIn = signIn;
    }

    String json(HttpServletRequest request) {
        StringBuilder json = new StringBuilder("{\"api\":").append(quote(request.getContextPath() + apiBasePath))
                .append(",\"signIn\":").append(quote(signIn.name().toLowerCase(java.util.Locale.ROOT)));
        String[] csrf = signIn == SignIn.SESSION ? csrf(request) : null;
        if (csrf != null) {
            json.append(",\"csrf\":{\"header\":").append(quote(csrf[0])).append(",\"token\":").append(quote(csrf[1])).append('}');
        }
        return json.append('}').toString();
    }

    /** The header name and token Spring Security's CsrfFilter put on the request; null when CSRF is off or absent. */
    private static String @Nullable [] csrf(HttpServletRequest request) {
        if (!CsrfSupport.PRESENT) {
            return null;
        }
        return CsrfSupport.token(request);
    }

    /** A JSON string; the values here are paths, names and tokens, but quote everything a string may hold. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '<' -> out.append("\\u003c");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
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
