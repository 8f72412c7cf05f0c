package io.dea.stack.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dea.platform.lineage.LineageGraph;
import io.dea.platform.lineage.LineageGraphAnswer;
import io.dea.platform.lineage.LineageGraphEvents;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How ./dea lineage shows an answer to a person: an indented tree, then the column edges; a bad name is one line. */
class LineageCommandTest {

    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void printsAnIndentedTreeExpandingADatasetReachedTwiceOnceAndTheColumnEdges() {
        LineageGraph graph = new LineageGraph();
        graph.add("g", LineageGraphEvents.model("m.apply.stg_a", AT, List.of("landing.a"), "dev.stg_a"));
        graph.add("g", LineageGraphEvents.model("m.apply.stg_b", AT, List.of("landing.a"), "dev.stg_b"));
        graph.add("g", LineageGraphEvents.model(io.openlineage.client.OpenLineage.RunEvent.EventType.COMPLETE, "m.apply.mart",
                AT.plusSeconds(1), List.of("dev.stg_a", "dev.stg_b"), "dev.mart",
                Map.of("total", List.<String[]>of(new String[] {"dev.stg_b", "amount", "AGGREGATION"}))));

        String printed = print(LineageCommand.lineage(graph, "mart", LineageGraph.Direction.UPSTREAM, true));

        assertThat(printed).isEqualTo("""
                dev.mart (model), upstream
                  dev.stg_a (model)
                    landing.a (table)
                  dev.stg_b (model)
                    landing.a (table)
                columns:
                  dev.mart.total <- dev.stg_b.amount (AGGREGATION)
                """);
        assertThat(print(LineageCommand.lineage(graph, "landing.a", LineageGraph.Direction.UPSTREAM, false)))
                .isEqualTo("landing.a (table), upstream\n  nothing upstream of it on dea.lineage\n");
        assertThatThrownBy(() -> LineageCommand.lineage(graph, "stg", LineageGraph.Direction.UPSTREAM, false))
                .isInstanceOf(CliException.class).hasMessageContaining("no lineage of stg");
    }

    private static String print(LineageGraphAnswer answer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LineageCommand.print(answer, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
