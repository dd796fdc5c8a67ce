package io.github.embeddedbackup.autoconfigure.api;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.BackupException;
import io.github.embeddedbackup.core.IntegrityException;
import io.github.embeddedbackup.core.crypto.DecryptionException;
import io.github.embeddedbackup.core.repository.BackupNotFoundException;
import io.github.embeddedbackup.core.storage.StorageException;
import io.github.embeddedbackup.runtime.BackupAlreadyRunningException;
import io.github.embeddedbackup.runtime.BackupRunningElsewhereException;
import io.github.embeddedbackup.runtime.StarterMessages;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Every error of the API as an RFC 9457 problem detail; bad input is a 4xx, never a 500. */
@RestControllerAdvice(assignableTypes = {BackupApiController.class, BackupApiStatusController.class})
public class BackupApiExceptionHandler {

    private static final Logger logger = LoggerFactory.getLogger(BackupApiExceptionHandler.class);

    @ExceptionHandler(BackupApiProblem.class)
    ResponseEntity<ProblemDetail> problem(BackupApiProblem e, HttpServletRequest request) {
        ProblemDetail detail = detail(e.status(), e.title(), e.getMessage(), request);
        e.properties().forEach(detail::setProperty);
        HttpHeaders headers = new HttpHeaders();
        e.headers().forEach(headers::set);
        return respond(detail, headers);
    }

    @ExceptionHandler(BackupNotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(BackupNotFoundException e, HttpServletRequest request) {
        return respond(detail(HttpStatus.NOT_FOUND, "Not found", StarterMessages.withoutCliHints(e.getMessage())
                + " GET the API's base path to list the backups.", request), new HttpHeaders());
    }

    @ExceptionHandler(BackupAlreadyRunningException.class)
    ResponseEntity<ProblemDetail> running(BackupAlreadyRunningException e, HttpServletRequest request) {
        ProblemDetail detail = detail(HttpStatus.CONFLICT, "Already running", e.getMessage(), request);
        detail.setProperty("jobId", e.running().id());
        return respond(detail, new HttpHeaders());
    }

    /** Another instance sharing the storage backs up now: 409 with where, so the caller knows whom to follow. */
    @ExceptionHandler(BackupRunningElsewhereException.class)
    ResponseEntity<ProblemDetail> runningElsewhere(BackupRunningElsewhereException e, HttpServletRequest request) {
        ProblemDetail detail = detail(HttpStatus.CONFLICT, "Running in another instance", e.getMessage(), request);
        detail.setProperty("runningAt", e.where());
        return respond(detail, new HttpHeaders());
    }

    @ExceptionHandler(DecryptionException.class)
    ResponseEntity<ProblemDetail> decryption(DecryptionException e, HttpServletRequest request) {
        return respond(detail(HttpStatus.UNPROCESSABLE_CONTENT, "Cannot decrypt", e.getMessage(), request), new HttpHeaders());
    }

    @ExceptionHandler(BackupConfigurationException.class)
    ResponseEntity<ProblemDetail> configuration(BackupConfigurationException e, HttpServletRequest request) {
        return respond(detail(HttpStatus.BAD_REQUEST, "Bad request", StarterMessages.of(e), request), new HttpHeaders());
    }

    @ExceptionHandler(IntegrityException.class)
    ResponseEntity<ProblemDetail> integrity(IntegrityException e, HttpServletRequest request) {
        return respond(detail(HttpStatus.INTERNAL_SERVER_ERROR, "Backup damaged", e.getMessage(), request), new HttpHeaders());
    }

    @ExceptionHandler(StorageException.class)
    ResponseEntity<ProblemDetail> storage(StorageException e, HttpServletRequest request) {
        return respond(detail(HttpStatus.SERVICE_UNAVAILABLE, "Storage unavailable", e.getMessage(), request), new HttpHeaders());
    }

    @ExceptionHandler({HttpMessageNotReadableException.class, MethodArgumentTypeMismatchException.class,
            MissingServletRequestParameterException.class})
    ResponseEntity<ProblemDetail> badInput(Exception e, HttpServletRequest request) {
        String message = e instanceof MethodArgumentTypeMismatchException mismatch
                ? "Parameter '" + mismatch.getName() + "' has a value of the wrong kind (e.g. a number was expected)."
                : e instanceof MissingServletRequestParameterException missing ? "Parameter '" + missing.getParameterName() + "' is missing."
                : "The request could not be read.";
        return respond(detail(HttpStatus.BAD_REQUEST, "Bad request", message, request), new HttpHeaders());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return respond(detail(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type", "Send the body as JSON with "
                + "'Content-Type: application/json'.", request), new HttpHeaders());
    }

    /** Other failures of the library carry messages written for the user, without secrets. */
    @ExceptionHandler(BackupException.class)
    ResponseEntity<ProblemDetail> backup(BackupException e, HttpServletRequest request) {
        logger.warn("Backup API call failed: {} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
        return respond(detail(HttpStatus.INTERNAL_SERVER_ERROR, "Failed", StarterMessages.of(e), request), new HttpHeaders());
    }

    /** Anything else: the message may hold anything, so it goes to the log under a reference, not into the answer. */
    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<ProblemDetail> unexpected(RuntimeException e, HttpServletRequest request) {
        String reference = UUID.randomUUID().toString();
        logger.error("Backup API call failed unexpectedly. reference: {}, call: {} {}", reference, request.getMethod(), request.getRequestURI(), e);
        ProblemDetail detail = detail(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "The call failed unexpectedly; the application log has the details under reference " + reference + ".", request);
        return respond(detail, new HttpHeaders());
    }

    private static ProblemDetail detail(HttpStatus status, String title, String message, HttpServletRequest request) {
        // Messages of backup-core may end with command-line advice; over HTTP it would mislead.
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(status, StarterMessages.withoutCliHints(message));
        detail.setTitle(title);
        detail.setInstance(URI.create(request.getRequestURI().replaceAll("[^A-Za-z0-9/._~-]", "_")));
        return detail;
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail detail, HttpHeaders headers) {
        return ResponseEntity.status(detail.getStatus()).headers(headers).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(detail);
    }
}
