package io.github.embeddedbackup.autoconfigure.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Runs before every API call: authorises it (refusals are audited), then refuses bodies that are
 * too large or of unknown length before anything reads them.
 */
public class BackupApiInterceptor implements HandlerInterceptor {

    /** Request attribute holding the {@link BackupApiCaller}. */
    public static final String CALLER = BackupApiInterceptor.class.getName() + ".caller";

    private final BackupApiAccess access;
    private final BackupAuditLog audit;
    private final long maxBodyBytes;

    public BackupApiInterceptor(BackupApiAccess access, BackupAuditLog audit, long maxBodyBytes) {
        this.access = access;
        this.audit = audit;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The caller this interceptor authorised for the request; "unknown" outside an authorised call. */
    static BackupApiCaller caller(HttpServletRequest request) {
        Object caller = request.getAttribute(CALLER);
        return caller instanceof BackupApiCaller known ? known : new BackupApiCaller("unknown", request.getRemoteAddr());
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method) || CorsUtils.isPreFlightRequest(request)) {
            return true;
        }
        BackupApiCaller caller;
        try {
            caller = access.authorize(request);
        } catch (BackupApiProblem e) {
            audit.record("anonymous@" + request.getRemoteAddr(), method.getMethod().getName(), null, "denied",
                    request.getMethod() + " " + request.getRequestURI() + ": " + e.status().value());
            throw e;
        }
        request.setAttribute(CALLER, caller);
        long length = request.getContentLengthLong();
        if (length > maxBodyBytes) {
            throw new BackupApiProblem(HttpStatus.CONTENT_TOO_LARGE, "Body too large", "The body has " + length
                    + " bytes; this API accepts at most " + maxBodyBytes + " (backup.api.max-body-size).");
        }
        if (length < 0 && request.getHeader("Transfer-Encoding") != null) {
            throw new BackupApiProblem(HttpStatus.LENGTH_REQUIRED, "Length required",
                    "Send the body with a Content-Length header; bodies of unknown length are not accepted.");
        }
        return true;
    }
}
