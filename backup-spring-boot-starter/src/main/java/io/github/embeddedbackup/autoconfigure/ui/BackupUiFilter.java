package io.github.embeddedbackup.autoconfigure.ui;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Serves the console under {@code backup.ui.path}: its page, its few static files from the jar
 * ({@code META-INF/backup-ui/}) and {@code config.json}, each with a strict Content-Security-Policy (scripts,
 * styles and calls to this origin only, no inline script, no frames). Nothing else is answered there. It runs
 * after the application's security filters, so the application's own rules (its login) apply to the page too.
 */
final class BackupUiFilter extends OncePerRequestFilter {

    /** What the browser may do on the page: its own files and calls to this origin only. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private static final String ASSETS = "META-INF/backup-ui/";
    private static final Pattern ASSET = Pattern.compile("[a-z0-9-]+\\.(html|js|css|svg)");
    private static final Map<String, String> TYPES = Map.of("html", "text/html;charset=UTF-8", "js", "text/javascript;charset=UTF-8",
            "css", "text/css;charset=UTF-8", "svg", "image/svg+xml");

    private final String path;
    private final BackupUiConfig config;

    /** @param path where the console is served, with a trailing slash */
    BackupUiFilter(String path, BackupUiConfig config) {
        this.path = path;
        this.config = config;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String within = request.getRequestURI().substring(request.getContextPath().length());
        return !within.startsWith(path) && !within.equals(path.substring(0, path.length() - 1));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
        String within = request.getRequestURI().substring(request.getContextPath().length());
        secure(response);
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            response.setHeader("Allow", "GET, HEAD");
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        if (!within.startsWith(path)) {
            // Without the slash, the page's relative links would resolve one level up.
            response.sendRedirect(request.getContextPath() + path);
            return;
        }
        String file = within.substring(path.length());
        if (file.isEmpty()) {
            file = "index.html";
        }
        if (file.equals("config.json")) {
            byte[] json = config.json(request).getBytes(StandardCharsets.UTF_8);
            response.setContentType("application/json");
            response.setHeader("Cache-Control", "no-store");
            response.setContentLength(json.length);
            response.getOutputStream().write(json);
            return;
        }
        InputStream asset = ASSET.matcher(file).matches() ? BackupUiFilter.class.getClassLoader().getResourceAsStream(ASSETS + file) : null;
        if (asset == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        try (asset) {
            byte[] bytes = asset.readAllBytes();
            response.setContentType(TYPES.get(file.substring(file.lastIndexOf('.') + 1)));
            // Always revalidated: after an upgrade of the starter the browser must not mix old and new modules.
            response.setHeader("Cache-Control", "no-cache");
            response.setContentLength(bytes.length);
            if ("GET".equals(request.getMethod())) {
                response.getOutputStream().write(bytes);
            }
        }
    }

    private static void secure(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    }
}
