package io.github.embeddedbackup.autoconfigure.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** An answer of the API that is not a success: becomes an RFC 9457 problem detail. */
public class BackupApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final String title;
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    public BackupApiProblem(HttpStatus status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    /** Adds a member to the problem (e.g. the running job). */
    public BackupApiProblem with(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    /** Adds a response header (e.g. WWW-Authenticate). */
    public BackupApiProblem withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> properties() {
        return properties;
    }

    static BackupApiProblem badRequest(String detail) {
        return new BackupApiProblem(HttpStatus.BAD_REQUEST, "Bad request", detail);
    }
}
