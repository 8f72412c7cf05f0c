package io.dea.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.Outcome;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.source.FileFormat;
import io.dea.platform.step.StepRef;
import io.dea.platform.testing.TestTasks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files as R, spreadsheets and exports write them, generated here and landed by the real handler into real DuckDB. */
class RealWorldFilesTest {

    @TempDir
    Path home;

    private TestTasks tasks;
    private IngestionHandler handler;

    @BeforeEach
    void setUp() throws Exception {
        tasks = new TestTasks(home);
        handler = new IngestionHandler(home.toString());
        Files.createDirectories(home.resolve("data"));
    }

    @Test
    void shouldLandEveryNullMarkerAsANullInTypedNumericDateAndTimestampColumns() throws Exception {
        StringBuilder csv = new StringBuilder("id,amount,day,seen_at,note\n");
        csv.append("1,12.5,2024-01-31,2024-01-31 08:00:00,first\n");
        List<String> markers = FileFormat.NULL_MARKERS;
        for (int i = 0; i < markers.size(); i++) {
            String m = markers.get(i);
            csv.append(i + 2).append(',').append(m).append(',').append(m).append(',').append(m).append(",row").append(i + 2).append('\n');
        }
        csv.append("99,-3,2024-02-29,2024-02-29 23:59:59,last\n");
        Files.writeString(home.resolve("data/readings.csv"), csv);

        TaskOutcome outcome = ingest("readings", "  - {name: readings, format: csv, location: data/readings.csv}\n");

        assertThat(outcome.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(types("readings")).containsExactly("id BIGINT", "amount DOUBLE", "day DATE", "seen_at TIMESTAMP", "note VARCHAR");
        List<Object> figures = tasks.warehouse.query("SELECT count(*), count(amount), sum(amount), count(day), max(day)::VARCHAR, "
                + "count(seen_at), min(seen_at)::VARCHAR FROM landing.readings").rows().get(0);
        assertThat(figures).extracting(String::valueOf)
                .containsExactly("9", "2", "9.5", "2", "2024-02-29", "2", "2024-01-31 08:00:00");
        assertThat(tasks.warehouse.query("SELECT id FROM landing.readings WHERE amount IS NULL AND day IS NULL AND seen_at IS NULL "
                + "ORDER BY id").rows()).extracting(r -> ((Number) r.get(0)).intValue()).containsExactly(2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    void shouldNameSpacedHeadersAfterABomSoAGoalCanReferToThem() throws Exception {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        String body = "Order ID,Unit Price (EUR),OrderDate, Customer Name ,2024 total\n"
                + "1,\"1,234.50\",2024-01-02,Ann,\"1,000\"\n"
                + "2,\"12.00\",2024-01-03,Bo,NA\n";
        Files.write(home.resolve("data/orders.csv"), concat(bom, body.getBytes(StandardCharsets.UTF_8)));

        TaskOutcome outcome = ingest("orders", "  - {name: orders, format: csv, location: data/orders.csv, incremental_key: order_id}\n");

        assertThat(outcome.outcome()).as(outcome.summary()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(outcome.outputs()).containsEntry("columns", "order_id,unit_price_eur,OrderDate,customer_name,c_2024_total");
        assertThat(types("orders")).containsExactly("order_id BIGINT", "unit_price_eur DOUBLE", "OrderDate DATE",
                "customer_name VARCHAR", "c_2024_total BIGINT");
        assertThat(tasks.warehouse.query("SELECT sum(unit_price_eur), sum(c_2024_total) FROM landing.orders").rows().get(0))
                .extracting(String::valueOf).containsExactly("1246.5", "1000");
    }

    @Test
    void shouldKeepAColumnTextWhenOnlySomeOfItsValuesAreNumbers() throws Exception {
        Files.writeString(home.resolve("data/codes.csv"), "id,code\n1,\"1,234\"\n2,A-7\n");

        ingest("codes", "  - {name: codes, format: csv, location: data/codes.csv}\n");

        assertThat(types("codes")).containsExactly("id BIGINT", "code VARCHAR");
        assertThat(tasks.warehouse.query("SELECT code FROM landing.codes ORDER BY id").rows())
                .extracting(r -> r.get(0)).containsExactly("1,234", "A-7");
    }

    @Test
    void shouldFailAFileWhoseLaterValueDoesNotFitWithTheLineAndColumnButNotTheValue() throws Exception {
        StringBuilder csv = new StringBuilder("id,amount\n");
        for (int i = 0; i < 30_000; i++) {
            csv.append(i).append(',').append(i).append(".5\n");
        }
        csv.append("30000,secret-value\n");
        Files.writeString(home.resolve("data/big.csv"), csv);

        TaskOutcome outcome = ingest("big", "  - {name: big, format: csv, location: data/big.csv}\n");

        assertThat(outcome.outcome()).as("the same file fails the same way: not retried").isEqualTo(Outcome.FAILED);
        assertThat(outcome.summary()).startsWith("source big: DuckDB cannot read data/big.csv: Conversion Error: CSV Error on Line: 30002; "
                + "Column amount is being converted as type DOUBLE (types are detected from the first rows");
        assertThat(outcome.summary() + outcome.error()).doesNotContain("secret-value");
    }

    private TaskOutcome ingest(String source, String sources) throws Exception {
        GoalSpec goal = TestTasks.goal("goal: load files as the world writes them\nsources:\n" + sources);
        return handler.handle(tasks.context(OneGoal.task(tasks, "p1", StepRef.ingest(source), "ingestion", goal, Map.of())));
    }

    private List<String> types(String table) {
        List<String> types = new ArrayList<>();
        tasks.warehouse.query("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'landing' "
                + "AND table_name = '" + table + "' ORDER BY ordinal_position").rows()
                .forEach(r -> types.add(r.get(0) + " " + r.get(1)));
        return types;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
