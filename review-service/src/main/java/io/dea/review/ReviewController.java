package io.dea.review;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The review API: list, inspect, approve, reject. */
@RestController
@Tag(name = "reviews", description = "Approval gates of the plans")
@SecurityRequirement(name = ReviewConfig.BEARER)
@ApiResponse(responseCode = "401", description = "no or unknown bearer token",
        content = @Content(schema = @Schema(implementation = ApiError.class)))
public class ReviewController {

    private final ReviewStore store;
    private final ReviewService reviews;

    public ReviewController(ReviewStore store, ReviewService reviews) {
        this.store = store;
        this.reviews = reviews;
    }

    @GetMapping("/reviews")
    @Operation(summary = "List reviews, oldest first")
    public List<ReviewApi.ReviewSummary> list(
            @Parameter(description = "PENDING, APPROVED or REJECTED") @RequestParam(required = false) String state,
            @Parameter(description = "only this goal's reviews") @RequestParam(required = false) String goal) {
        return store.list(parseState(state), goal == null || goal.isBlank() ? null : goal)
                .stream().map(ReviewApi.ReviewSummary::of).toList();
    }

    @GetMapping("/reviews/{id}")
    @Operation(summary = "One review with its diff")
    @ApiResponse(responseCode = "200", description = "the review")
    @ApiResponse(responseCode = "404", description = "no such review", content = @Content(schema = @Schema(implementation = ApiError.class)))
    public ReviewApi.ReviewDetail get(@PathVariable String id) {
        return ReviewApi.ReviewDetail.of(reviews.get(id));
    }

    @PostMapping("/reviews/{id}/approve")
    @Operation(summary = "Approve a review", description = "Publishes a ReviewDecided event. Approving again is harmless; "
            + "approving a rejected review is a conflict.")
    @ApiResponse(responseCode = "200", description = "the review, approved")
    @ApiResponse(responseCode = "400", description = "an unknown action, or a goal_yaml that is not goal YAML or not for an INTENT review",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "403", description = "the caller lacks the review's role, or is an agent",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "409", description = "the review was rejected", content = @Content(schema = @Schema(implementation = ApiError.class)))
    public ReviewApi.ReviewDetail approve(@PathVariable String id, @AuthenticationPrincipal Caller caller,
                                          @RequestBody(required = false) ReviewApi.ApproveRequest body) {
        ReviewApi.ApproveRequest request = body == null ? new ReviewApi.ApproveRequest(null, null) : body;
        return ReviewApi.ReviewDetail.of(reviews.approve(id, caller, request.comment(), request.action(), request.goalYaml()));
    }

    @PostMapping("/reviews/{id}/reject")
    @Operation(summary = "Reject a review", description = "Publishes a ReviewDecided event with the reason. Rejecting again "
            + "is harmless; rejecting an approved review is a conflict.")
    @ApiResponse(responseCode = "200", description = "the review, rejected")
    @ApiResponse(responseCode = "400", description = "no reason given", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "403", description = "the caller lacks the review's role, or is an agent",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "409", description = "the review was approved", content = @Content(schema = @Schema(implementation = ApiError.class)))
    public ReviewApi.ReviewDetail reject(@PathVariable String id, @AuthenticationPrincipal Caller caller,
                                         @RequestBody(required = false) ReviewApi.RejectRequest body) {
        return ReviewApi.ReviewDetail.of(reviews.reject(id, caller, body == null ? null : body.reason()));
    }

    private static ReviewState parseState(String state) {
        if (state == null || state.isBlank()) {
            return null;
        }
        try {
            return ReviewState.valueOf(state.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiErrors.ReviewException(HttpStatus.BAD_REQUEST, "state must be PENDING, APPROVED or REJECTED");
        }
    }
}
