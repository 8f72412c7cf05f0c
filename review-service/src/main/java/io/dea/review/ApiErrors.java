package io.dea.review;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.databind.json.JsonMapper;

/** Every error the API returns has the same JSON shape: {@link ApiError}. */
@RestControllerAdvice
public class ApiErrors {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A failure with the HTTP status it should answer. */
    public static class ReviewException extends RuntimeException {
        private final HttpStatus status;

        public ReviewException(HttpStatus status, String message) {
            super(message);
            this.status = status;
        }

        public HttpStatus status() {
            return status;
        }
    }

    @ExceptionHandler(ReviewException.class)
    public ResponseEntity<ApiError> review(ReviewException e) {
        return body(e.status(), e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        return body(HttpStatus.BAD_REQUEST, "the request body is not valid JSON of the expected shape");
    }

    static ResponseEntity<ApiError> body(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(ApiError.of(status, message));
    }

    /** For the security filters, which answer before Spring MVC is involved. */
    static void write(HttpServletResponse response, HttpStatus status, String message) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(JSON.writeValueAsString(ApiError.of(status, message)));
    }
}
