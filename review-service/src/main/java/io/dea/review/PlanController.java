package io.dea.review;

import io.dea.events.v1.PlanState;
import io.dea.platform.plan.PlanStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A plan's status over HTTP, the same answer as {@code ./dea status ID --json}, from this replica's copy
 * of {@code dea.plan.state} ({@link FollowedTopics}): the CLI asks here first, so a status costs one
 * HTTP call instead of a Kafka client replaying the topic. Any caller with a token may ask.
 */
@RestController
@Tag(name = "plans", description = "The state of a goal's plan or of a run: its steps, their times, outputs and artifacts")
@SecurityRequirement(name = ReviewConfig.BEARER)
@ApiResponse(responseCode = "401", description = "no or unknown bearer token",
        content = @Content(schema = @Schema(implementation = ApiError.class)))
public class PlanController {

    private final FollowedTopics topics;

    public PlanController(FollowedTopics topics) {
        this.topics = topics;
    }

    @GetMapping("/plans/{id}")
    @Operation(summary = "A plan's status", description = "{goal_id, state, reason, steps: [{name, agent, state, attempt, summary, "
            + "started_at, ended_at, artifacts, outputs}], runs} for a goal; a run has run_id, goal_id and trigger and no runs.")
    @ApiResponse(responseCode = "200", description = "the plan's latest state")
    @ApiResponse(responseCode = "404", description = "no plan of that id (a goal just submitted may still be on its way)",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "503", description = "this replica has not read dea.plan.state to its end yet",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Map<String, Object> plan(@Parameter(description = "a goal id or a run id") @PathVariable String id) {
        Map<String, PlanState> plans = topics.caughtUp("dea.plan.state").planStates();
        PlanState plan = plans.get(id);
        if (plan == null) {
            throw new ApiErrors.ReviewException(HttpStatus.NOT_FOUND, "no goal or run " + id + " (it may still be on its way: "
                    + "try again in a moment)");
        }
        return PlanStatus.json(id, plan, PlanStatus.runsOf(id, plans.values()));
    }
}
