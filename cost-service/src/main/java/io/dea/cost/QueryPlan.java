package io.dea.cost;

import java.util.List;

/**
 * What EXPLAIN said about a query.
 *
 * @param text        the plan as DuckDB draws it, for people
 * @param json        the plan as JSON (EXPLAIN (FORMAT JSON)), or null when the warehouse cannot give it
 * @param scans       the tables the plan reads
 * @param unestimated scans of something other than a table (a file reader, a table function), named
 */
public record QueryPlan(String text, String json, List<TableScan> scans, List<String> unestimated) {

    public QueryPlan {
        scans = List.copyOf(scans);
        unestimated = List.copyOf(unestimated);
    }
}
