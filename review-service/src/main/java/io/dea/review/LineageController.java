package io.dea.review;

import io.dea.platform.lineage.LineageGraph;
import io.dea.platform.lineage.LineageGraphReader;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lineage over HTTP, the same answer as {@code ./dea lineage --json}, from this replica's copy of
 * {@code dea.lineage} and {@code dea.plan.state} ({@link FollowedTopics}). Any caller with a token may ask.
 */
@RestController
@Tag(name = "lineage", description = "What feeds a table, or what it feeds, from the OpenLineage events on dea.lineage")
@SecurityRequirement(name = ReviewConfig.BEARER)
@ApiResponse(responseCode = "401", description = "no or unknown bearer token",
        content = @Content(schema = @Schema(implementation = ApiError.class)))
public class LineageController {

    private final FollowedTopics topics;

    public LineageController(FollowedTopics topics) {
        this.topics = topics;
    }

    @GetMapping("/lineage/{table}")
    @Operation(summary = "The lineage of a table", description = "{table, kind, direction, nodes: [{name, kind, depth}]} with kind "
            + "model, table, file, url or jdbc, nearest first; with columns=true also columns: [{table, column, from_table, "
            + "from_column, transformation}].")
    @ApiResponse(responseCode = "200", description = "the datasets upstream or downstream of the table")
    @ApiResponse(responseCode = "400", description = "direction is neither upstream nor downstream",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "404", description = "no dataset of that name, or several (the message lists them)",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "503", description = "this replica has not read dea.lineage to its end yet",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Map<String, Object> lineage(
            @Parameter(description = "schema.table (dev.daily_revenue), or a table or file name alone when only one dataset has it")
            @PathVariable String table,
            @Parameter(description = "upstream (default) or downstream") @RequestParam(required = false) String direction,
            @Parameter(description = "also the column edges") @RequestParam(defaultValue = "false") boolean columns) {
        LineageGraph.Direction wanted;
        try {
            wanted = LineageGraph.Direction.parse(direction);
        } catch (IllegalArgumentException e) {
            throw new ApiErrors.ReviewException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        LineageGraphReader r = topics.caughtUp("dea.lineage");
        try {
            return r.graph().lineage(table, wanted, columns).toJson();
        } catch (LineageGraph.UnknownTable e) {
            throw new ApiErrors.ReviewException(HttpStatus.NOT_FOUND, e.getMessage());
        }
    }
}
