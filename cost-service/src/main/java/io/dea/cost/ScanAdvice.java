package io.dea.cost;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What to change when a query scans much more than it returns (rows read per row returned at or
 * over a threshold): a scan the plan filters should read less, so its table is partitioned (by a
 * date) or clustered by the filtered columns; a query that reads whole tables to return a few
 * aggregated rows should be built incrementally, only the new part of its grain each run.
 */
public final class ScanAdvice {

    private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> NOT_COLUMNS = Set.of("and", "or", "not", "is", "null", "in", "like", "between",
            "true", "false", "date", "timestamp", "cast", "as", "optional", "varchar", "integer", "bigint");

    private ScanAdvice() {
    }

    /** Suggestions, one a line; empty when the query returns a fair share of what it reads. */
    public static List<String> advise(QueryRun run, double ratioThreshold, String grain) {
        List<String> advice = new ArrayList<>();
        if (run.scanRatio() < ratioThreshold) {
            return advice;
        }
        String ratio = String.format(Locale.ROOT, "%.0f", run.scanRatio());
        boolean filtered = false;
        for (QueryRun.TableRun table : run.tables()) {
            Set<String> columns = filterColumns(table.filters());
            if (!columns.isEmpty()) {
                filtered = true;
                advice.add("partition or cluster " + table.table() + " by " + String.join(", ", columns)
                        + ": the query filters on it and reads " + table.rowsScanned() + " rows of it");
            }
        }
        if (!filtered) {
            advice.add("materialize " + run.subject() + " as incremental" + (grain == null || grain.isBlank() ? "" : " on " + grain)
                    + ": it reads " + run.rowsScanned() + " rows to return " + run.rowsReturned() + " (" + ratio
                    + " per row returned, threshold " + String.format(Locale.ROOT, "%.0f", ratioThreshold) + ")");
        }
        return advice;
    }

    private static Set<String> filterColumns(List<String> filters) {
        Set<String> columns = new LinkedHashSet<>();
        for (String filter : filters) {
            Matcher m = COLUMN.matcher(filter.replaceAll("'[^']*'", " "));
            while (m.find()) {
                if (!NOT_COLUMNS.contains(m.group().toLowerCase(Locale.ROOT))) {
                    columns.add(m.group());
                }
            }
        }
        return columns;
    }
}
