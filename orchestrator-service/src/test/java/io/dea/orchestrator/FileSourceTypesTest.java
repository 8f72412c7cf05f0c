package io.dea.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.GoalSpec;
import io.dea.orchestrator.plan.GoalValidator;
import io.dea.platform.goal.GoalYaml;
import io.dea.platform.source.SourcePolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The orchestrator reads files as ingestion lands them: the same header names, the same types, judged before anything runs. */
class FileSourceTypesTest {

    @TempDir
    Path dir;
    private GoalValidator validator;

    @BeforeEach
    void setUp() throws Exception {
        SourcePolicy policy = SourcePolicy.rawFiles();
        validator = new GoalValidator(new FileSourceColumns(dir, policy), source -> policy.refusals(source, dir));
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        String csv = "Order ID,Amount (EUR),Order Date,Status\n"
                + "1,\"1,234.50\",2024-01-02,paid\n2,NA,N/A,returned\n3,\"7.00\",2024-01-04,paid\n";
        Files.write(dir.resolve("orders.csv"), concat(bom, csv.getBytes(StandardCharsets.UTF_8)));
        Files.writeString(dir.resolve("flights.csv"), "flight,dep_delay\n1,12\n2,late\n3,-4\n4,a very long text that goes on and on\n5,late\n");
    }

    private List<String> reasons(String source, String grain, String agg, String expr) {
        GoalSpec goal = GoalYaml.parse("goal: g\nsources:\n  - " + source + "\nmart:\n  name: m\n  grain: [" + grain + "]\n"
                + "  time_grain: day\n  measures: [{name: n, agg: " + agg + ", expr: '" + expr + "'}]\n");
        return validator.reasons("g1", goal);
    }

    @Test
    void shouldLetAGoalNameSpacedHeadersAsTheyLandInAnyCase() {
        String orders = "{name: orders, format: csv, location: orders.csv, primary_key: ORDER_ID}";

        assertThat(reasons(orders, "orders.order_date", "sum", "orders.amount_eur")).isEmpty();
        assertThat(reasons(orders, "orders.Order_Date", "avg", "orders.AMOUNT_EUR")).isEmpty();
        assertThat(reasons(orders, "orders.day", "sum", "orders.amount_eur"))
                .containsExactly("mart.grain[0]: unknown column orders.day (orders has [Status, amount_eur, order_date, order_id])");
    }

    @Test
    void shouldRejectASumOverTextWithItsTypeAndAFewShortenedValues() {
        List<String> reasons = reasons("{name: flights, format: csv, location: flights.csv}", "flights.flight", "sum",
                "flights.dep_delay");

        assertThat(reasons).hasSize(1);
        assertThat(reasons.get(0)).startsWith("mart.measures[0].expr: sum over flights.dep_delay, which the source reads as VARCHAR "
                        + "(values like '")
                .contains("sum needs numbers", "NA, N/A, NULL, null, None, -", "use count, count_distinct, min or max")
                .doesNotContain("a very long text that goes on and on");
        String values = reasons.get(0).substring(reasons.get(0).indexOf("(values like ") + 13, reasons.get(0).indexOf("): "));
        assertThat(values.split(", ")).hasSize(3).allSatisfy(v -> assertThat(v.length()).isLessThanOrEqualTo(25));
    }

    @Test
    void shouldAcceptCountsMinAndMaxOverTextAndSumsOverComputedExpressions() {
        String flights = "{name: flights, format: csv, location: flights.csv}";

        assertThat(reasons(flights, "flights.flight", "count_distinct", "flights.dep_delay")).isEmpty();
        assertThat(reasons(flights, "flights.flight", "max", "flights.dep_delay")).isEmpty();
        assertThat(reasons("{name: orders, format: csv, location: orders.csv}", "orders.order_date", "sum", "orders.order_id"))
                .isEmpty();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
