package io.dea.transform;

import io.dea.platform.warehouse.SqlText;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How the mart is materialized, chosen from the size of its inputs and its schedule. Staging models
 * are views (they only rename and cast). A mart is a table; it becomes incremental (delete+insert on
 * its grain, the last {@value #LOOKBACK_PERIODS} periods recomputed) only when its largest source
 * has at least the threshold's rows, its grain has a time column to window on, and it runs on a
 * schedule, because only then does a full rebuild cost more than incremental bookkeeping.
 */
final class Materialization {

    /** Periods of the time grain an incremental run recomputes, so late rows in recent periods land. */
    static final int LOOKBACK_PERIODS = 3;
    /** Rows of the largest source from which a scheduled, time-grained mart is built incrementally. */
    static final long DEFAULT_INCREMENTAL_ROWS = 1_000_000;

    /** The choice, its dbt config line and the reason for the step's outputs. */
    record Choice(String kind, String config, String reason) {
    }

    private Materialization() {
    }

    /**
     * Partitioning and clustering by the grain's time column, for the warehouses that have them:
     * on BigQuery the mart is partitioned by that column (by day, or month for a monthly grain) and
     * clustered by it; other adapters get none (DuckDB has neither), so the same model builds
     * everywhere. Empty when the grain has no time column.
     */
    static String layout(MartParts parts) {
        MartParts.Grain time = parts.grain().stream().filter(g -> g.timeGrain() != null).findFirst().orElse(null);
        if (time == null) {
            return "";
        }
        String column = SqlText.literal(time.name());
        String granularity = "month".equals(time.timeGrain()) ? "month" : "day";
        return ",\n    partition_by=({'field': " + column + ", 'data_type': 'date', 'granularity': '" + granularity
                + "'} if target.type == 'bigquery' else none),\n    cluster_by=([" + column + "] if target.type == 'bigquery' else none)";
    }

    private static String layoutReason(MartParts parts) {
        return parts.grain().stream().filter(g -> g.timeGrain() != null).findFirst()
                .map(g -> "; partitioned and clustered by " + g.name() + " on BigQuery (DuckDB has no partitions or cluster keys)")
                .orElse("");
    }

    static Choice staging() {
        return new Choice("view", "{{ config(materialized='view') }}", "staging only renames and casts; a view costs nothing to build and is never stale");
    }

    static Choice mart(MartParts parts, long largestRows, String largestSource, String schedule, long threshold) {
        boolean timed = parts.grain().stream().anyMatch(g -> g.timeGrain() != null);
        boolean scheduled = schedule != null && !schedule.isBlank();
        String size = largestSource + " has " + largestRows + " rows";
        if (largestRows >= threshold && timed && scheduled) {
            List<String> grain = parts.grain().stream().map(MartParts.Grain::name).toList();
            String key = grain.stream().map(SqlText::literal).collect(Collectors.joining(", ", "[", "]"));
            return new Choice("incremental",
                    "{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key=" + key + ", on_schema_change='fail'"
                            + layout(parts) + ") }}",
                    size + " (at least " + threshold + "), the grain has a time column and the mart runs on schedule '" + schedule
                            + "': each run recomputes the last " + LOOKBACK_PERIODS + " periods, replaced by " + String.join(", ", grain)
                            + layoutReason(parts));
        }
        String why = largestRows < threshold ? size + " (under " + threshold + "): a full rebuild is cheap"
                : !timed ? size + ", but the grain has no time column to build increments on"
                : size + ", but the goal has no schedule, so there are no regular increments";
        return new Choice("table", "{{ config(materialized='table'" + layout(parts) + ") }}", why + layoutReason(parts));
    }
}
