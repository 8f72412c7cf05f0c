package io.dea.quality;

import io.dea.platform.warehouse.SqlText;
import io.dea.platform.agent.ArtifactFile;
import io.dea.platform.artifact.DataProject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Writes the dbt tests on a mart's keys. The mart's grain gets {@code not_null} and {@code unique}
 * data tests in {@code models/<mart>/<mart>_tests.yml}. The landing keys get singular tests in
 * {@code tests/<mart>/}, because the source is declared in the model step's sources.yml and dbt
 * does not let a second file declare it again; the singular tests depend on that source, so
 * {@code dbt build --select models/<mart>} picks them up. A failing test's query returns the
 * offending rows themselves, which is what a person needs to see.
 */
final class KeyTests {

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
            .build();

    private KeyTests() {
    }

    static List<ArtifactFile> files(String mart, MartKeys keys) {
        List<ArtifactFile> files = new ArrayList<>();
        files.add(new ArtifactFile("dbt_tests", DataProject.modelDir(mart) + "/" + mart + "_tests.yml", martTests(mart, keys.grain())));
        if (keys.grain().size() > 1) {
            String columns = String.join(", ", keys.grain().stream().map(SqlText::identifier).toList());
            files.add(singular(mart, mart + "__grain_unique", "each " + String.join(", ", keys.grain()) + " appears once in " + mart,
                    "select " + columns + ", count(*) as rows_with_this_grain\nfrom {{ ref('" + mart + "') }}\ngroup by "
                            + columns + "\nhaving count(*) > 1"));
        }
        String source = DataProject.sourceName(mart);
        for (Map.Entry<String, String> key : keys.landingKeys().entrySet()) {
            String table = "{{ source('" + source + "', '" + key.getKey() + "') }}";
            String column = SqlText.identifier(key.getValue());
            String name = mart + "__" + key.getKey() + "_" + key.getValue().replaceAll("[^A-Za-z0-9_]", "_");
            files.add(singular(mart, name + "_not_null", "landing " + key.getKey() + "." + key.getValue() + " is never null",
                    "select *\nfrom " + table + "\nwhere " + column + " is null"));
            files.add(singular(mart, name + "_unique", "landing " + key.getKey() + "." + key.getValue() + " identifies one row",
                    "select *\nfrom " + table + "\nwhere " + column + " in (\n    select " + column + " from " + table
                            + "\n    group by " + column + "\n    having count(*) > 1\n)"));
        }
        return files;
    }

    private static String martTests(String mart, List<String> grain) {
        List<Object> columns = new ArrayList<>();
        for (String column : grain) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", column);
            c.put("data_tests", grain.size() == 1 ? List.of("not_null", "unique") : List.of("not_null"));
            columns.add(c);
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("name", mart);
        model.put("columns", columns);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("version", 2);
        doc.put("models", List.of(model));
        return "# Written by the quality agent: the mart's grain identifies a row.\n" + YAML.writeValueAsString(doc);
    }

    private static ArtifactFile singular(String mart, String name, String why, String sql) {
        return new ArtifactFile("dbt_tests", "tests/" + mart + "/" + name + ".sql",
                "-- Written by the quality agent: " + why + ". Every row returned is a failure.\n" + sql + "\n");
    }

}
