package io.dea.cost;

import io.dea.platform.warehouse.Warehouse;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a query once under DuckDB's profiler and says what it did: {@code EXPLAIN (ANALYZE, FORMAT
 * JSON)} executes the query (its rows are counted, not fetched) and returns the profile in the same
 * call, so no session setting or profile file outlives it. DuckDB reports rows per scan but not
 * bytes (its {@code total_bytes_read} counts only blocks read from disk, 0 once cached), so bytes
 * are each scan's rows read times the width of the columns it read, the same widths the estimate
 * uses: the estimate and what ran are comparable.
 */
public final class QueryProfiler {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final ScanEstimator estimator = new ScanEstimator();

    public QueryRun run(Warehouse warehouse, String kind, String subject, String query) {
        String profile = warehouse.withConnection(connection -> {
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN (ANALYZE, FORMAT JSON) " + query)) {
                StringBuilder text = new StringBuilder();
                while (rs.next()) {
                    text.append(rs.getString(rs.getMetaData().getColumnCount()));
                }
                return text.toString();
            }
        });
        JsonNode root = JSON.readTree(profile);
        List<JsonNode> scans = new ArrayList<>();
        collectScans(root.path("operator"), scans);
        List<TableScan> planned = scans.stream().map(QueryProfiler::asScan).toList();
        Map<String, ScanEstimate.TableEstimate> widths = estimator.estimate(warehouse, new QueryPlan("", profile, planned, List.of()))
                .tables().stream().collect(Collectors.toMap(ScanEstimate.TableEstimate::table, Function.identity(), (a, b) -> a));
        List<QueryRun.TableRun> tables = new ArrayList<>();
        long rowsScanned = 0;
        long bytes = 0;
        for (int i = 0; i < scans.size(); i++) {
            long rows = scans.get(i).path("rows_scanned").asLong(0);
            TableScan scan = planned.get(i);
            ScanEstimate.TableEstimate width = widths.get(scan.name());
            double perRow = width == null ? 0 : width.bytesPerRow();
            long tableBytes = (long) Math.ceil(rows * perRow);
            tables.add(new QueryRun.TableRun(scan.name(), rows, List.copyOf(scan.filters()), perRow, tableBytes));
            rowsScanned += rows;
            bytes += tableBytes;
        }
        return new QueryRun(kind, subject, root.path("query").path("total_time").asDouble(0), rowsScanned,
                rowsReturned(root.path("operator")), bytes, root.path("io").path("total_bytes_read").asLong(0), tables);
    }

    private static void collectScans(JsonNode node, List<JsonNode> scans) {
        if (node.isArray()) {
            node.forEach(child -> collectScans(child, scans));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        if ("TABLE_SCAN".equals(node.path("type").asString("")) && node.path("extra_info").has("Table")) {
            scans.add(node);
        }
        collectScans(node.path("children"), scans);
    }

    /**
     * The rows of the operator under EXPLAIN_ANALYZE: what the query itself returned. A query with
     * materialized CTEs has CTE operators on top (0 rows of their own): the query is the last child
     * of each, the CTE bodies come first.
     */
    static long rowsReturned(JsonNode operators) {
        JsonNode node = operators.path(0);
        while (!node.isMissingNode() && !"EXPLAIN_ANALYZE".equals(node.path("type").asString(""))) {
            node = node.path("children").path(0);
        }
        JsonNode top = node.path("children").path(0);
        while ("CTE".equals(top.path("type").asString("")) && top.path("children").size() > 0) {
            top = top.path("children").path(top.path("children").size() - 1);
        }
        return top.path("intermediate_rows").asLong(0);
    }

    private static TableScan asScan(JsonNode scan) {
        JsonNode info = scan.path("extra_info");
        return TableScan.named(info.path("Table").asString(), PlanExplainer.strings(info.get("Projections")), PlanExplainer.strings(info.get("Filters")), false);
    }
}
