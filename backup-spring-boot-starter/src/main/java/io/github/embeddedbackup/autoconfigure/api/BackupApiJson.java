package io.github.embeddedbackup.autoconfigure.api;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads request bodies strictly: JSON only, unknown fields and trailing content refused, with a
 * message that says what was wrong. (The application's own ObjectMapper ignores unknown fields; a
 * typo in {@code "confirm"} must not be ignored here.)
 */
final class BackupApiJson {

    private final JsonMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /** @return the body as {@code type}, or {@code empty} when there is no body or it is JSON {@code null} */
    <T> @Nullable T read(byte @Nullable [] body, HttpServletRequest request, Class<T> type, @Nullable T empty) {
        if (body == null || body.length == 0) {
            return empty;
        }
        String contentType = request.getContentType();
        if (contentType == null || !isJson(contentType)) {
            throw new BackupApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type",
                    "Send the body as JSON with 'Content-Type: application/json'" + (contentType == null ? "." : ", not '" + BackupApiController.abbreviate(contentType) + "'."));
        }
        try {
            T value = mapper.readValue(body, type);
            return value == null ? empty : value; // a JSON null means "no body"
        } catch (UnrecognizedPropertyException e) {
            String known = type.isRecord() ? Arrays.stream(type.getRecordComponents()).map(c -> c.getName()).collect(Collectors.joining(", ")) : "";
            throw BackupApiProblem.badRequest("Unknown field '" + BackupApiController.abbreviate(e.getPropertyName()) + "' in the body. Known fields: " + known + ".");
        } catch (MismatchedInputException e) {
            // Jackson's own text names internal classes and tokens: say where and what this call takes instead.
            throw BackupApiProblem.badRequest("Wrong JSON type for " + where(e) + ". This call takes a JSON object with the fields: "
                    + known(type) + " (lists of strings, strings, numbers and booleans).");
        } catch (JacksonException e) {
            String reason = String.valueOf(e.getOriginalMessage());
            throw BackupApiProblem.badRequest("The body is not valid JSON for this call: "
                    + (reason.length() > 200 ? reason.substring(0, 200) + "…" : reason) + ".");
        }
    }

    /** {@code field 'tables[0]'} or {@code the body}. */
    private static String where(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "the body" : "field '" + BackupApiController.abbreviate(path.toString()) + "'";
    }

    private static String known(Class<?> type) {
        return type.isRecord() ? Arrays.stream(type.getRecordComponents()).map(c -> c.getName()).collect(Collectors.joining(", ")) : "";
    }

    private static boolean isJson(String contentType) {
        try {
            return MediaType.APPLICATION_JSON.isCompatibleWith(MediaType.parseMediaType(contentType));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
