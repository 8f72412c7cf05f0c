package io.dea.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dea.platform.codegen.Python;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The goal's free text reaches the DAG only as Python string literals; only a plain goal id reaches it at all. */
class HostileDagTest {

    private static final String GOAL = "x\"\"\"\nimport os; os.system('id')  # {{ run_query('x') }}\u2028";
    private static final String OWNER = "o'\\\"\n)";

    @TempDir
    Path scratch;

    @Test
    void goalTextAndOwnerAreStringLiteralsThatAirflowReadsBackUnchanged() throws Exception {
        String py = new AirflowDag("m", "goal-1", GOAL, null, OWNER, "dev", List.of("orders"), null).python();

        assertThat(py).contains("description=" + Python.literal(GOAL) + ",", "\"owner\": " + Python.literal(OWNER) + ",")
                .doesNotContain("\nimport os", "\u2028");
        JsonNode bag = AirflowDagBag.load(scratch, Map.of("m.py", py, "dea_runs.py", AirflowDag.runsModule()), Map.of());
        assertThat(bag.path("import_errors").properties()).isEmpty();
        JsonNode dag = bag.path("dags").path("dea_m");
        assertThat(dag.path("description").asString()).isEqualTo(GOAL);
        assertThat(dag.path("tasks").path("request_run").path("owner").asString()).isEqualTo(OWNER);
    }

    @Test
    void aGoalIdThatIsNotAPlainIdWritesNoDag() {
        // The goal id lands in a templated field (the producer's kwargs): Jinja must never see goal text.
        for (String id : List.of("{{ 7*7 }}", "-x", "a b", "", "x".repeat(101))) {
            assertThatThrownBy(() -> new AirflowDag("m", id, "g", null, "o", "dev", List.of(), null))
                    .as(id).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("goal id must be");
        }
    }
}
