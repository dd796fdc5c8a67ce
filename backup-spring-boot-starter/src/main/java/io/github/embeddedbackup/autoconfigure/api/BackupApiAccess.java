package io.github.embeddedbackup.autoconfigure.api;

import jakarta.servlet.http.HttpServletRequest;

/** Decides whether a request may use the API. */
public interface BackupApiAccess {

    /**
     * @return the caller when allowed
     * @throws BackupApiProblem 401 or 403, with a detail that says what is missing (never a secret)
     */
    BackupApiCaller authorize(HttpServletRequest request);
}
