package io.dea.stack.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.PlanState;
import io.dea.platform.source.FileColumns;
import io.dea.platform.warehouse.DuckDbWarehouse;
import io.dea.stack.StackFixture;
import io.dea.stack.cli.StackClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A goal submitter whose source data carries Jinja, on a real local stack: a category value shaped
 * like dbt code, and a column whose name is dbt code. Every agent that generates code from them
 * (modeling's sources, quality's tests, transform's staging, governance's sampling, ops' DAG, the
 * apply build) runs and the goal completes with the payload as plain data; the COPY in it never
 * runs, and an honest goal completes after.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneratedCodeAttacksTest {

    static final String PAYLOAD = "{{ run_query(\"COPY (SELECT 42) TO '%s'\") if execute is defined and execute else \"ok\" }}";

    private StackFixture fixture;
    private StackClient cli;
    private Path data;
    private Path markers;

    @BeforeAll
    void startStack() throws Exception {
        fixture = new StackFixture();
        cli = StackClient.of(fixture);
        data = Files.createTempDirectory("dea-hostile-data");
        // Short, so the column named after a COPY to it still stages to a plain identifier of at most 63 characters.
        markers = Files.createDirectories(Path.of("/tmp", "dj" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt())));
    }

    @AfterAll
    void stopStack() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
        for (Path dir : new Path[] {markers, data}) {
            if (dir != null) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    @Test
    void jinjaInASourceValueAndAColumnNameNeverRunsAndTheNextGoalCompletes() throws Exception {
        Path valueMarker = markers.resolve("v.csv");
        Path nameMarker = markers.resolve("n.csv");
        String value = PAYLOAD.formatted(valueMarker);
        String column = "{{ run_query(\"COPY (SELECT 42) TO '" + nameMarker + "'\") }}";
        StringBuilder orders = new StringBuilder("id,order_date,status,amount\n");
        StringBuilder notes = new StringBuilder("id," + csv(column) + ",kind\n");
        for (int i = 1; i <= 9; i++) {
            String status = i % 3 == 0 ? value : i % 3 == 1 ? "paid" : "returned";
            orders.append(i).append(",2026-01-0").append(i).append(',').append(csv(status)).append(',').append(10 * i).append('\n');
            notes.append(i).append(',').append(csv(i % 2 == 0 ? value : "plain")).append(',').append(i % 2 == 0 ? "a" : "b").append('\n');
        }
        Files.writeString(data.resolve("orders.csv"), orders);
        Files.writeString(data.resolve("notes.csv"), notes);
        Path goal = data.resolve("hostile.yaml");
        Files.writeString(goal, """
                goal: revenue over data that carries dbt code
                sources:
                  - {name: shop_orders, format: csv, location: %1$s/orders.csv, primary_key: id}
                  - {name: shop_notes, format: csv, location: %1$s/notes.csv, primary_key: id}
                mart:
                  name: hostile_revenue
                  grain: [shop_orders.order_date]
                  measures:
                    - { name: revenue, agg: sum, expr: shop_orders.amount }
                owner: attacker
                environment: dev
                """.formatted(data));

        PlanState hostile = cli.submitAndFollow(goal);

        assertThat(hostile).as("the hostile goal reached an end").isNotNull();
        try (Stream<Path> written = Files.list(markers)) {
            assertThat(written.toList()).as("no COPY from the data ran (goal ended %s: %s)", hostile.getState(),
                    hostile.getReason()).isEmpty();
        }
        // Every generator took the hostile strings as data: the plan built, tested (accepted values
        // included) and applied, and the payload is a plain value in landing and in the mart's sources.
        assertThat(hostile.getState()).as("hostile goal: %s", hostile.getReason()).isEqualTo("COMPLETED");
        var statuses = new DuckDbWarehouse(fixture.stack.files().warehouse(), true)
                .query("SELECT DISTINCT status FROM landing.shop_orders ORDER BY 1").rows();
        assertThat(statuses).extracting(r -> r.get(0)).contains(value);
        var columns = new DuckDbWarehouse(fixture.stack.files().warehouse(), true)
                .query("SELECT column_name FROM information_schema.columns WHERE table_name = 'shop_notes'").rows();
        // A header that is not a plain identifier lands under its snake_case name (docs/interface.md), so
        // the Jinja in it never reaches a generated file as a name either.
        String landedAs = FileColumns.normalise(List.of("id", column, "kind")).get(1);
        assertThat(landedAs).doesNotContain("{", "}", "(", "'");
        assertThat(columns).extracting(r -> r.get(0)).contains(landedAs);

        PlanState honest = cli.submitAndFollow(Path.of("../examples/daily-revenue/goal.yaml"));
        assertThat(honest.getState()).as("the honest goal after: %s", honest.getReason()).isEqualTo("COMPLETED");
        try (Stream<Path> written = Files.list(markers)) {
            assertThat(written.toList()).isEmpty();
        }
    }

    private static String csv(String field) {
        return "\"" + field.replace("\"", "\"\"") + "\"";
    }

}
