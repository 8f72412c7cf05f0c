package io.dea.modeling;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.platform.codegen.DbtFiles;
import io.dea.platform.codegen.Yaml;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A profile full of dbt code becomes a sources.yml whose strings are inert and read back as the data. */
class HostileProfileTest {

    static final String PAYLOAD = "{{ run_query(\"COPY (SELECT 42) TO '/tmp/x.csv'\") if execute is defined and execute else \"ok\" }}";

    @Test
    void sourcesYamlHoldsHostileNamesAndValuesAsInertText() {
        String column = "{{ ref('x').__class__ }}: &a *a !!python/object";
        TableProfile table = new TableProfile("orders", 9, List.of(
                new ColumnProfile(column, "VARCHAR", 0, 3, "a", "z", List.of("paid", PAYLOAD, "yes\n- no"))));
        Names names = new Names(Map.of("orders", "stg_m__orders"), Map.of("orders", "fct_orders"), Map.of("orders." + column, "status"));

        String yml = SourcesYaml.render("m", List.of(table), Map.of(), List.of(), names);

        DbtFiles.check(SourcesYaml.path("m"), yml);
        var read = Yaml.readDbt(yml).path("sources").path(0).path("tables").path(0).path("columns").path(0);
        assertThat(read.path("name").asString()).isEqualTo(column);
        assertThat(read.path("meta").path("accepted_values").values()).extracting(v -> v.asString())
                .containsExactly("paid", PAYLOAD, "yes\n- no");
    }
}
