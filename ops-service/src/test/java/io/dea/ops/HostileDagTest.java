package io.dea.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.platform.codegen.Python;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The goal's free text reaches the DAG only as Python string literals. */
class HostileDagTest {

    @Test
    void goalTextAndOwnerAreStringLiterals() {
        String goal = "x\"\"\"\nimport os; os.system('id')  # {{ run_query('x') }}\u2028";
        String owner = "o'\\\"\n)";
        String py = new AirflowDag("m", goal, null, owner, "dev", List.of("orders"), null).python();

        assertThat(py).contains("description=" + Python.literal(goal) + ",", "\"owner\": " + Python.literal(owner) + ",")
                .doesNotContain("\nimport os", "\u2028");
    }
}
