package io.dea.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.platform.agent.ArtifactFile;
import io.dea.platform.codegen.DbtFiles;
import io.dea.platform.codegen.DbtSql;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Categories and column names from data land in the generated tests as inert text (the Jinja allow-list takes every file). */
class HostileFactsTest {

    static final String PAYLOAD = "{{ run_query(\"COPY (SELECT 42) TO '/tmp/x.csv'\") if execute is defined and execute else \"ok\" }}";

    @Test
    void aHostileCategoryAndColumnNameStayDataInEveryTest() {
        String column = "{% do run_query('x') %}";
        SourceFacts facts = new SourceFacts(List.of(new SourceFacts.Table("orders", "id", null, List.of(
                new SourceFacts.Column("id", "id", "BIGINT", List.of(), null),
                new SourceFacts.Column(column, "status", "VARCHAR", List.of("paid", PAYLOAD, "O'Brien\n{#"), null)))));
        List<ArtifactFile> files = KeyTests.files("m", new MartKeys(List.of("order_date"), Map.of("orders", "id")), facts, Set.of(),
                null, Map.of());

        files.forEach(f -> DbtFiles.check(f.path(), f.content()));
        String accepted = files.stream().filter(f -> f.path().endsWith("_accepted_values.sql")).findFirst().orElseThrow().content();
        assertThat(accepted).contains(DbtSql.literal(PAYLOAD), DbtSql.identifier(column), DbtSql.literal("O'Brien\n{#"))
                .doesNotContain("{{ run_query", "{% do");
    }
}
