package io.dea.quality;

import io.dea.platform.codegen.DbtSql;
import io.dea.platform.codegen.Yaml;
import io.dea.platform.goal.Identifiers;
import io.dea.platform.agent.ArtifactFile;
import io.dea.platform.artifact.DataProject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the dbt tests of a mart from what modeling found: not_null and unique on keys,
 * relationships on references, accepted_values on categories, freshness from the goal, and a
 * row-count check against the history of loads. Sources are tested through their staging views when
 * the branch has them (what the mart reads, and where a proposed fix takes effect). Before that:
 * writes the dbt tests on a mart's keys. The mart's grain gets {@code not_null} and {@code unique}
 * data tests in {@code models/<mart>/<mart>_tests.yml}. The landing keys get singular tests in
 * {@code tests/<mart>/}, because the source is declared in the model step's sources.yml and dbt
 * does not let a second file declare it again; the singular tests depend on that source, so
 * {@code dbt build --select models/<mart>} picks them up. A failing test's query returns the
 * offending rows themselves, which is what a person needs to see.
 */
final class KeyTests {

    private KeyTests() {
    }

    static List<ArtifactFile> files(String mart, MartKeys keys) {
        return files(mart, keys, new SourceFacts(List.of()), Set.of(), null, Map.of());
    }

    /**
     * Every generated test of a mart.
     *
     * @param facts           what modeling found (references, categories, types, staged names)
     * @param staged          staging models present on the branch: their sources are tested through them, as the mart reads them
     * @param freshness       the goal's freshness, or null
     * @param incrementalKeys source to its incremental key, the preferred time column for freshness
     */
    static List<ArtifactFile> files(String mart, MartKeys keys, SourceFacts facts, Set<String> staged, Duration freshness,
                                    Map<String, String> incrementalKeys) {
        return files(mart, keys, facts, staged, freshness, incrementalKeys, MartDocs.NONE);
    }

    /** The same, with the mart's descriptions in the yml that tests it (dbt takes one entry per model). */
    static List<ArtifactFile> files(String mart, MartKeys keys, SourceFacts facts, Set<String> staged, Duration freshness,
                                    Map<String, String> incrementalKeys, MartDocs docs) {
        List<ArtifactFile> files = new ArrayList<>();
        files.add(new ArtifactFile("dbt_tests", DataProject.modelDir(mart) + "/" + mart + "_tests.yml", martTests(mart, keys.grain(), docs)));
        if (keys.grain().size() > 1) {
            String columns = String.join(", ", keys.grain().stream().map(DbtSql::identifier).toList());
            files.add(singular(mart, mart + "__grain_unique", "each " + String.join(", ", keys.grain()) + " appears once in " + mart,
                    "select " + columns + ", count(*) as rows_with_this_grain\nfrom {{ ref('" + mart + "') }}\ngroup by "
                            + columns + "\nhaving count(*) > 1"));
        }
        String source = DataProject.sourceName(mart);
        for (Map.Entry<String, String> key : keys.landingKeys().entrySet()) {
            files.addAll(keyTests(mart, key.getKey(), key.getValue(), target(source, key.getKey(), facts, staged)));
        }
        for (SourceFacts.Table table : facts.tables()) {
            Target t = target(source, table.name(), facts, staged);
            for (SourceFacts.Column c : table.columns()) {
                files.addAll(columnTests(mart, table, c, t, facts, staged));
            }
            SourceFacts.Column time = timeColumn(table, incrementalKeys.get(table.name()));
            if (freshness != null && time != null) {
                files.add(freshnessTest(mart, table, time, t, freshness));
            }
            files.add(singular(mart, mart + "__" + table.name() + "_row_count", "the rows of " + table.name()
                            + " are within three standard deviations (at least 5% of the mean) of the loads that passed before",
                    RowCountHistory.testSql("{{ source('" + source + "', '" + table.name() + "') }}", table.name())));
        }
        return files;
    }

    /** not_null and unique on a landing table's key. */
    private static List<ArtifactFile> keyTests(String mart, String table, String raw, Target t) {
        String column = DbtSql.identifier(t.column(raw));
        String name = mart + "__" + table + "_" + raw.replaceAll("[^A-Za-z0-9_]", "_");
        return List.of(singular(mart, name + "_not_null", table + "." + raw + " is never null",
                        "select *\nfrom " + t.relation() + "\nwhere " + column + " is null"),
                singular(mart, name + "_unique", table + "." + raw + " identifies one row",
                        "select *\nfrom " + t.relation() + "\nwhere " + column + " in (\n    select " + column + " from " + t.relation()
                                + "\n    group by " + column + "\n    having count(*) > 1\n)"));
    }

    /** relationships on a column that references a table of the mart, accepted_values on a category. */
    private static List<ArtifactFile> columnTests(String mart, SourceFacts.Table table, SourceFacts.Column c, Target t,
                                                  SourceFacts facts, Set<String> staged) {
        List<ArtifactFile> files = new ArrayList<>();
        String prefix = mart + "__" + table.name() + "_" + c.name().replaceAll("[^A-Za-z0-9_]", "_");
        String column = DbtSql.identifier(t.column(c.name()));
        if (c.references() != null && c.references().contains(".")) {
            String parentName = c.references().substring(0, c.references().indexOf('.'));
            String pk = c.references().substring(c.references().indexOf('.') + 1);
            if (facts.table(parentName) != null) {
                Target parent = target(DataProject.sourceName(mart), parentName, facts, staged);
                files.add(singular(mart, prefix + "_relationships", table.name() + "." + c.name() + " always names a row of "
                                + c.references(),
                        "select *\nfrom " + t.relation() + "\nwhere " + column + " is not null\n  and " + column
                                + " not in (select " + DbtSql.identifier(parent.column(pk)) + " from " + parent.relation()
                                + " where " + DbtSql.identifier(parent.column(pk)) + " is not null)"));
            }
        }
        if (!c.acceptedValues().isEmpty()) {
            String values = c.acceptedValues().stream().map(DbtSql::literal).collect(Collectors.joining(", "));
            files.add(singular(mart, prefix + "_accepted_values", table.name() + "." + c.name() + " is one of the values profiled",
                    "select *\nfrom " + t.relation() + "\nwhere " + column + " is not null\n  and cast(" + column
                            + " as varchar) not in (" + values + ")"));
        }
        return files;
    }

    /**
     * A warning, not an error: freshness is the running pipeline's SLA (the DAG checks it on every
     * run); data that is old today must not stop a correct model from being built.
     */
    private static ArtifactFile freshnessTest(String mart, SourceFacts.Table table, SourceFacts.Column time, Target t, Duration freshness) {
        String col = DbtSql.identifier(t.column(time.name()));
        return singular(mart, mart + "__" + table.name() + "_freshness", "the newest " + table.name() + "." + time.name()
                        + " is at most " + freshness.toSeconds() + " seconds old (the goal's freshness)",
                "{{ config(severity='warn') }}\nselect max(" + col + ") as newest, now() as checked_at, count(*) as table_rows\nfrom " + t.relation()
                        + "\nhaving max(" + col + ") < now()::timestamp - interval '" + freshness.toSeconds() + " seconds'");
    }

    /** The relation a source is tested through, and its column names there. */
    record Target(String relation, Map<String, String> names) {
        String column(String raw) {
            return names.getOrDefault(raw.toLowerCase(Locale.ROOT), raw);
        }
    }

    static Target target(String dbtSource, String table, SourceFacts facts, Set<String> staged) {
        SourceFacts.Table t = facts.table(table);
        if (t != null && t.stagingModel() != null && staged.contains(t.stagingModel())) {
            Map<String, String> names = new LinkedHashMap<>();
            t.columns().forEach(c -> names.put(c.name().toLowerCase(Locale.ROOT), c.staged()));
            return new Target("{{ ref('" + Identifiers.require("staging model", t.stagingModel()) + "') }}", names);
        }
        // Names inside a Jinja call must be plain identifiers: a quote there would end dbt's string.
        return new Target("{{ source('" + Identifiers.require("dbt source", dbtSource) + "', '"
                + Identifiers.require("source table", table) + "') }}", Map.of());
    }

    /** The column freshness is measured on: the incremental key, else a timestamp named like an event time (_at), else any timestamp. */
    static SourceFacts.Column timeColumn(SourceFacts.Table table, String incrementalKey) {
        if (incrementalKey != null && table.column(incrementalKey) != null) {
            return table.column(incrementalKey);
        }
        return table.columns().stream().filter(SourceFacts.Column::isTimestamp)
                .sorted(java.util.Comparator.comparing(c -> c.name().toLowerCase(Locale.ROOT).endsWith("_at") ? 0 : 1))
                .findFirst().orElse(null);
    }

    private static String martTests(String mart, List<String> grain, MartDocs docs) {
        List<Object> columns = new ArrayList<>();
        for (String column : grain) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", column);
            if (docs.columns().containsKey(column)) {
                c.put("description", docs.columns().get(column));
            }
            c.put("data_tests", grain.size() == 1 ? List.of("not_null", "unique") : List.of("not_null"));
            columns.add(c);
        }
        docs.columns().forEach((column, description) -> {
            if (!grain.contains(column)) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("name", column);
                c.put("description", description);
                columns.add(c);
            }
        });
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("name", mart);
        if (docs.model() != null) {
            model.put("description", docs.model());
        }
        model.put("columns", columns);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("version", 2);
        doc.put("models", List.of(model));
        return "# Written by the quality agent: what the mart's rows and columns are, and its grain identifies a row.\n"
                + (docs.by() == null ? "" : MartDocs.HEADER + docs.by().replace('\n', ' ') + "\n") + Yaml.dbt(doc);
    }

    private static ArtifactFile singular(String mart, String name, String why, String sql) {
        return new ArtifactFile("dbt_tests", "tests/" + mart + "/" + name + ".sql",
                "-- Written by the quality agent: " + DbtSql.comment(why) + ". Every row returned is a failure.\n" + sql + "\n");
    }

}
