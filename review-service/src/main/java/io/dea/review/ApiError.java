package io.dea.review;

import org.springframework.http.HttpStatus;

/** The body of every error answer: {@code {status, error, message}}. */
public record ApiError(int status, String error, String message) {

    static ApiError of(HttpStatus status, String message) {
        return new ApiError(status.value(), status.getReasonPhrase(), message);
    }
}
