package io.dea.stack.cli;

import io.dea.platform.catalog.Catalog;
import io.dea.platform.catalog.CatalogHit;
import io.dea.platform.warehouse.DuckDbWarehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./dea search "TEXT" [--json] [--limit N]}: the catalog's tables, columns and documents ranked
 * for the text (the blueprint's {@code catalog_search}). Like {@code ./dea query} it opens the warehouse
 * read-only (locked down, no file access) while the stack runs; the query is embedded in this process.
 */
@Command(name = "search", description = "Search the catalog: tables, columns and documents, ranked by keyword and meaning.")
final class SearchCommand implements Callable<Integer> {

    @Parameters(paramLabel = "TEXT")
    String text;

    @Option(names = "--json", description = "a JSON list of {kind, name, score, why}")
    boolean json;

    @Option(names = "--limit", paramLabel = "N", description = "how many results (default ${DEFAULT-VALUE})")
    int limit = Catalog.DEFAULT_LIMIT;

    @Override
    public Integer call() {
        Path warehouse = CliStack.files().warehouse();
        if (!Files.exists(warehouse)) {
            throw new CliException("no warehouse yet at " + warehouse + ": submit a goal first, the catalog fills as it loads and applies");
        }
        if (limit < 1 || limit > 100) {
            throw new CliException("--limit takes 1 to 100");
        }
        print(search(warehouse, text, limit));
        return 0;
    }

    /** The hits, on a read-only, locked-down connection; a refusal or failure says what to change. */
    static List<CatalogHit> search(Path warehouse, String text, int limit) {
        try {
            return new Catalog(new DuckDbWarehouse(warehouse, true)).search(text, limit);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        } catch (DuckDbWarehouse.WarehouseException e) {
            throw new CliException("search failed: " + e.getMessage());
        }
    }

    /** docs/interface.md's {@code search --json}: a list of {kind, name, score, why}. */
    static String json(List<CatalogHit> hits) {
        return PlanPrinter.JSON.writeValueAsString(hits.stream().map(SearchCommand::object).toList());
    }

    private void print(List<CatalogHit> hits) {
        if (json) {
            System.out.println(json(hits));
            return;
        }
        if (hits.isEmpty()) {
            System.out.println("nothing in the catalog yet: it fills as goals load sources and apply marts");
        }
        for (CatalogHit hit : hits) {
            System.out.println(String.format(Locale.ROOT, "%-8s %-50s %6.3f  %s", hit.kind(), hit.name(), hit.score(), hit.why()));
        }
    }

    private static Map<String, Object> object(CatalogHit hit) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("kind", hit.kind());
        o.put("name", hit.name());
        o.put("score", hit.score());
        o.put("why", hit.why());
        return o;
    }
}
