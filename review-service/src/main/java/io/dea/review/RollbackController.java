package io.dea.review;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Rollback requests. Undoing an applied change touches a shared environment as much as applying it,
 * so it is a reviewer's decision made through this API (the request carries the reviewer as its
 * approval), and only this service may write rollback requests to Kafka.
 */
@RestController
@Tag(name = "rollbacks", description = "Roll back what a completed goal applied")
@SecurityRequirement(name = ReviewConfig.BEARER)
@ApiResponse(responseCode = "401", description = "no or unknown bearer token",
        content = @Content(schema = @Schema(implementation = ApiError.class)))
public class RollbackController {

    private final ReviewService reviews;

    public RollbackController(ReviewService reviews) {
        this.reviews = reviews;
    }

    @PostMapping("/goals/{goalId}/rollback")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Ask for a rollback", description = "Publishes a RollbackRequested event; the orchestrator rolls the "
            + "goal back when it completed and applied something, and says on the plan events why when it does not.")
    @ApiResponse(responseCode = "202", description = "the request, published")
    @ApiResponse(responseCode = "403", description = "the caller is not a reviewer, or is an agent",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public ReviewApi.RollbackAccepted rollback(@PathVariable String goalId, @AuthenticationPrincipal Caller caller,
                                               @RequestBody(required = false) ReviewApi.RollbackRequest body) {
        return reviews.requestRollback(goalId, caller, body == null ? null : body.reason());
    }
}
