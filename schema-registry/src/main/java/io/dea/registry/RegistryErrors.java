package io.dea.registry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.Arrays;
import java.util.List;

/**
 * Confluent's error codes, and the mapping of failures to {@code {"error_code", "message"}} bodies.
 *
 * <p>Clients branch on the error code (40401 vs 40403 decides whether a serializer registers), so
 * the codes live in one place rather than being spelled out in each controller.
 */
@RestControllerAdvice
public class RegistryErrors {

    private static final Logger log = LoggerFactory.getLogger(RegistryErrors.class);

    static RegistryException subjectNotFound(String subject) {
        return new RegistryException(HttpStatus.NOT_FOUND, 40401, "Subject '" + subject + "' not found.");
    }

    static RegistryException versionNotFound(String subject, String version) {
        return new RegistryException(HttpStatus.NOT_FOUND, 40402,
                "Version " + version + " not found for subject '" + subject + "'.");
    }

    static RegistryException schemaNotFound() {
        return new RegistryException(HttpStatus.NOT_FOUND, 40403, "Schema not found");
    }

    static RegistryException subjectConfigNotFound(String subject) {
        return new RegistryException(HttpStatus.NOT_FOUND, 40408,
                "Subject '" + subject + "' does not have subject-level compatibility configured");
    }

    static RegistryException invalidSchema(String detail) {
        return new RegistryException(HttpStatus.UNPROCESSABLE_CONTENT, 42201, "Invalid schema: " + detail);
    }

    static RegistryException invalidVersion(String version) {
        return new RegistryException(HttpStatus.UNPROCESSABLE_CONTENT, 42202,
                "The specified version '" + version + "' is not a valid version id. "
                        + "Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    static RegistryException invalidCompatibilityLevel(String level) {
        return new RegistryException(HttpStatus.UNPROCESSABLE_CONTENT, 42203,
                "Invalid compatibility level: " + level + ". Valid values are "
                        + Arrays.toString(CompatibilityLevel.values()));
    }

    static RegistryException incompatible(String subject, List<String> reasons) {
        return new RegistryException(HttpStatus.CONFLICT, 409,
                "Schema being registered is incompatible with an earlier schema for subject \""
                        + subject + "\", details: " + reasons);
    }

    static RegistryException permanentDeleteUnsupported() {
        return new RegistryException(HttpStatus.NOT_IMPLEMENTED, 50101,
                "Permanent deletion is not supported: soft-deleted ids stay reserved so they are never reused");
    }

    static RegistryException storeTimeout(String what) {
        return new RegistryException(HttpStatus.INTERNAL_SERVER_ERROR, 50002,
                "Timed out waiting for the schema log: " + what);
    }

    static RegistryException storeError(String what, Throwable cause) {
        RegistryException e = new RegistryException(HttpStatus.INTERNAL_SERVER_ERROR, 50001,
                "Error in the schema log: " + what);
        e.initCause(cause);
        return e;
    }

    @ExceptionHandler(RegistryException.class)
    ResponseEntity<RegistryApi.ErrorBody> registryError(RegistryException e) {
        if (e.status().is5xxServerError()) {
            log.error("Request failed: {}", e.getMessage(), e);
        }
        return ResponseEntity.status(e.status()).body(new RegistryApi.ErrorBody(e.errorCode(), e.getMessage()));
    }

    /** Unreadable JSON is a client error; Confluent answers it with the plain HTTP code. */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<RegistryApi.ErrorBody> unreadableBody(HttpMessageNotReadableException e) {
        return ResponseEntity.badRequest().body(new RegistryApi.ErrorBody(400,
                "Unreadable request body: " + e.getMostSpecificCause().getMessage()));
    }
}
