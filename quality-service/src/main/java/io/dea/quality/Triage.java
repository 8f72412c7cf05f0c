package io.dea.quality;

import io.dea.platform.agent.ArtifactFile;
import io.dea.platform.artifact.DataProject;
import io.dea.platform.codegen.DbtSql;
import java.util.List;
import java.util.Map;

/**
 * Why a generated test failed and what would fix it. The kind is read from the test's name (every
 * generated test ends with it); the cause names the defect in the data, and where a change to the
 * staging view would repair what the mart reads, that change is written as a proposal for review.
 * Late data and odd volumes are not fixed by a model: they are reported with what to do.
 */
final class Triage {

    /** A failing test's diagnosis: kind, likely cause, what to do, and the proposed file (or null). */
    record Finding(String test, String kind, String cause, String suggestion, ArtifactFile fix) {
    }

    private Triage() {
    }

    static String kind(String test) {
        for (String kind : List.of("not_null", "unique", "relationships", "accepted_values", "freshness", "row_count")) {
            if (test.endsWith("_" + kind) || test.startsWith(kind + "_")) {
                return kind;
            }
        }
        return "other";
    }

    /**
     * @param files the plan branch's files, where the staging views are
     * @param mart  the mart
     */
    static Finding diagnose(TestRun.Test test, String mart, SourceFacts facts, Map<String, String> files) {
        String kind = kind(test.name());
        SourceFacts.Table table = facts.tables().stream()
                .filter(t -> test.name().startsWith(mart + "__" + t.name() + "_")).findFirst().orElse(null);
        String rows = test.failures() + " rows";
        if (table == null) {
            return new Finding(test.name(), kind, kind + " failed on the mart itself (" + rows + ")",
                    "check the mart's grain and the model that builds it", null);
        }
        String column = columnOf(test.name(), mart, table, kind);
        String staged = table.column(column) == null ? column : table.column(column).staged();
        return switch (kind) {
            case "unique" -> new Finding(test.name(), kind, "duplicates from source " + table.name() + ": " + rows + " share a "
                    + column + " (a load that repeats rows)", "keep one row per " + column + " in the staging view",
                    fix(files, mart, table, "duplicates in " + table.name() + "." + column + ": keep one row per key",
                            "qualify row_number() over (partition by " + DbtSql.identifier(staged) + " order by "
                                    + DbtSql.identifier(staged) + ") = 1"));
            case "not_null" -> new Finding(test.name(), kind, "nulls in key " + table.name() + "." + column + ": " + rows
                    + " without a key", "drop rows without a key in the staging view, and ask the source's owner why they come",
                    fix(files, mart, table, "nulls in " + table.name() + "." + column + ": rows without a key are dropped",
                            "where " + DbtSql.identifier(staged) + " is not null"));
            case "relationships" -> orphans(test, mart, facts, files, table, column);
            case "freshness" -> new Finding(test.name(), kind, "late data: the newest row of " + table.name()
                    + " is older than the goal's freshness allows (the export stopped or is late)",
                    "re-run ingest_" + table.name() + " once the source has caught up, or relax the goal's freshness", null);
            case "accepted_values" -> new Finding(test.name(), kind, "new values in " + table.name() + "." + column + ": "
                    + rows + " hold a value never profiled before", "confirm the new value and re-run the model step to accept it,"
                    + " or map it in the staging view", null);
            case "row_count" -> new Finding(test.name(), kind, "volume anomaly: " + table.name()
                    + " has a row count far from its earlier loads (a partial or repeated load)",
                    "compare the load with the source and re-run ingest_" + table.name(), null);
            default -> new Finding(test.name(), kind, kind + " failed (" + rows + ")", "look at the failing rows", null);
        };
    }

    /** Child rows whose parent is missing: the proposed staging view holds them back until the parent arrives. */
    private static Finding orphans(TestRun.Test test, String mart, SourceFacts facts, Map<String, String> files,
                                   SourceFacts.Table table, String column) {
        String rows = test.failures() + " rows";
        String staged = table.column(column) == null ? column : table.column(column).staged();
        SourceFacts.Column c = table.column(column);
        String parent = c.references().substring(0, c.references().indexOf('.'));
        SourceFacts.Table p = facts.table(parent);
        String pk = c.references().substring(c.references().indexOf('.') + 1);
        String parentRelation = p.stagingModel() != null && files.containsKey(stagingPath(mart, p))
                ? "{{ ref('" + p.stagingModel() + "') }}" : "{{ source('" + DataProject.sourceName(mart) + "', '" + parent + "') }}";
        String parentPk = p.column(pk) == null || !parentRelation.contains("ref(") ? pk : p.column(pk).staged();
        return new Finding(test.name(), "relationships", "orphans: " + rows + " of " + table.name() + " name a " + column
                + " that " + parent + " does not have (a parent missing from its load, or arriving late)",
                "hold back the orphan rows in the staging view until their " + parent + " row arrives",
                fix(files, mart, table, "orphans in " + table.name() + "." + column + ": rows whose " + parent + " is missing are held back",
                        "where " + DbtSql.identifier(staged) + " is null or " + DbtSql.identifier(staged) + " in (select "
                                + DbtSql.identifier(parentPk) + " from " + parentRelation + ")"));
    }

    private static String columnOf(String test, String mart, SourceFacts.Table table, String kind) {
        String rest = test.substring((mart + "__" + table.name() + "_").length());
        return rest.endsWith("_" + kind) ? rest.substring(0, rest.length() - kind.length() - 1) : rest;
    }

    static String stagingPath(String mart, SourceFacts.Table table) {
        return DataProject.modelDir(mart) + "/staging/" + table.stagingModel() + ".sql";
    }

    /**
     * The staging view wrapped with a filter: the view it proposes keeps every column and name, so the
     * mart reads it unchanged. Null when the source has no staging view on the branch to change.
     */
    static ArtifactFile fix(Map<String, String> files, String mart, SourceFacts.Table table, String why, String clause) {
        String path = table.stagingModel() == null ? null : stagingPath(mart, table);
        String current = path == null ? null : files.get(path);
        if (current == null) {
            return null;
        }
        String body = current.replaceFirst("(?s)^\\{\\{ config\\([^)]*\\) }}\\s*", "").strip();
        String sql = "{{ config(materialized='view') }}\n\n"
                + "-- Proposed by the quality agent (needs review): " + DbtSql.comment(why) + ".\n"
                + "select *\nfrom (\n" + body + "\n) as staged\n" + clause + "\n";
        files.put(path, sql);
        return new ArtifactFile("dbt_model", path, sql);
    }
}
