package io.dea.review;

import io.dea.platform.catalog.Catalog;
import io.dea.platform.catalog.CatalogHit;
import io.dea.platform.config.DeaProperties;
import io.dea.platform.warehouse.DuckDbWarehouse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The catalog over HTTP ({@code ./dea search}'s twin): any authenticated caller, whatever its roles,
 * may search; the warehouse is opened read-only and locked down for each request, as the CLI does.
 */
@RestController
@Tag(name = "catalog", description = "Search the catalog of tables, columns and documents")
@SecurityRequirement(name = ReviewConfig.BEARER)
@ApiResponse(responseCode = "401", description = "no or unknown bearer token",
        content = @Content(schema = @Schema(implementation = ApiError.class)))
public class CatalogController {

    static final int MAX_LIMIT = 100;

    private final Path warehouse;

    public CatalogController(DeaProperties dea) {
        this.warehouse = dea.warehouseFile();
    }

    @GetMapping("/catalog/search")
    @Operation(summary = "Search the catalog", description = "Tables, columns and documents ranked for the words by keyword and "
            + "meaning: each with its kind (table, column, document), qualified name, score and why it matched.")
    @ApiResponse(responseCode = "200", description = "the hits, best first (empty when nothing was indexed yet)")
    @ApiResponse(responseCode = "400", description = "no words, or a limit outside 1-100",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public List<CatalogHit> search(@RequestParam(name = "q", required = false) String q,
                                   @RequestParam(name = "limit", defaultValue = "" + Catalog.DEFAULT_LIMIT) int limit) {
        if (q == null || q.isBlank()) {
            throw new ApiErrors.ReviewException(HttpStatus.BAD_REQUEST, "give the words to search for as q");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ApiErrors.ReviewException(HttpStatus.BAD_REQUEST, "limit takes 1 to " + MAX_LIMIT);
        }
        if (!Files.exists(warehouse)) {
            return List.of();
        }
        return new Catalog(new DuckDbWarehouse(warehouse, true)).search(q, limit);
    }
}
