package io.dea.stack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.PlanState;
import io.dea.events.v1.StepState;
import io.dea.platform.warehouse.DuckDbWarehouse;
import io.dea.platform.warehouse.Warehouse;
import io.dea.stack.StackFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A goal that asks for a 30-day backfill, through the whole stack on a real broker: the ops agent
 * rebuilds the applied mart day by day, is stopped halfway (its Spring context closed, as a pod
 * would be), and once started again the retried step finishes the days left without redoing any.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackfillTest {

    /** Slows each day down so the test can stop the ops service in the middle of the backfill. */
    private static final String PAUSE = "dea.ops.backfill.pause-between-chunks";
    private static final LocalDate FIRST = LocalDate.parse("2024-01-01");
    private static final int DAYS = 30;

    private StackFixture fixture;
    private StackConnection connection;
    private Path project;

    @BeforeAll
    void startStack() throws Exception {
        System.setProperty(PAUSE, "300ms");
        project = Files.createTempDirectory("dea-backfill");
        writeGoalAndData(project);
        fixture = new StackFixture();
        connection = Connections.to(fixture);
    }

    @AfterAll
    void stopStack() {
        System.clearProperty(PAUSE);
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aThirtyDayBackfillCompletesAndResumesAfterTheOpsServiceStopsHalfwayWithoutRedoingADay() throws Exception {
        String goalId = GoalSubmission.submit(connection, project.resolve("goal.yaml"));
        CompletableFuture<PlanState> end = CompletableFuture.supplyAsync(() -> {
            try {
                return new PlanFollower(connection, goalId, true, false).follow();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        long before = waitForChunks(goalId, 8);
        fixture.stack.restart("ops-service");

        PlanState done = end.get(300, TimeUnit.SECONDS);
        assertThat(done.getState()).as("ended: %s", done.getReason()).isEqualTo("COMPLETED");
        StepState backfill = done.getSteps().stream().filter(s -> s.getName().equals("backfill")).findFirst().orElseThrow();
        assertThat(backfill.getAttempt()).as("the stopped attempt is retried once").isEqualTo(2);
        assertThat(backfill.getSummary()).contains("30 days").contains("already done");

        // Locked down like every warehouse connection; the expected answer reads the goal's CSVs.
        Warehouse warehouse = new DuckDbWarehouse(fixture.stack.files().warehouse(), true, List.of(project.resolve("data")));
        List<List<Object>> chunks = warehouse.query("""
                SELECT chunk_day, task_attempt, rows_written FROM dea_meta.backfill_chunks WHERE plan_id = '%s' ORDER BY chunk_day""".formatted(goalId))
                .rows();
        assertThat(chunks).hasSize(DAYS);
        assertThat(chunks).extracting(r -> r.get(0).toString())
                .containsExactlyElementsOf(FIRST.datesUntil(FIRST.plusDays(DAYS)).map(LocalDate::toString).toList());
        assertThat(chunks).as("each day rebuilt its one mart row").allMatch(r -> ((Number) r.get(2)).longValue() == 1);
        long firstAttempt = chunks.stream().filter(r -> ((Number) r.get(1)).intValue() == 1).count();
        assertThat(firstAttempt).as("days the stopped attempt finished").isBetween(before, (long) DAYS - 1);
        assertThat(chunks.stream().filter(r -> ((Number) r.get(1)).intValue() == 2).count()).isEqualTo(DAYS - firstAttempt);
        // Days are kept oldest first: the first attempt did a prefix, the retry the rest.
        for (int i = 0; i < DAYS; i++) {
            assertThat(((Number) chunks.get(i).get(1)).intValue()).isEqualTo(i < firstAttempt ? 1 : 2);
        }

        String expected = """
                WITH o AS (SELECT * FROM read_csv_auto('%1$s/orders.csv')),
                     p AS (SELECT * FROM read_csv_auto('%1$s/payments.csv'))
                SELECT o.order_date::DATE AS d, round(sum(p.amount), 2)::DOUBLE AS revenue,
                       (SELECT count(*) FROM o o2 WHERE o2.order_date = o.order_date AND o2.status <> 'returned')::BIGINT AS orders
                FROM o JOIN p ON p.order_id = o.id WHERE o.status <> 'returned'
                GROUP BY o.order_date ORDER BY 1""".formatted(project.resolve("data"));
        var want = warehouse.query(expected).rows();
        var got = warehouse.query("SELECT order_date::DATE, round(revenue, 2)::DOUBLE, order_count::BIGINT FROM dev.daily_revenue ORDER BY 1").rows();
        assertThat(want).hasSize(DAYS);
        assertThat(got).containsExactlyElementsOf(want);
    }

    /** Waits until the backfill finished at least this many days; returns how many it had. */
    private long waitForChunks(String goalId, int atLeast) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(240));
        Warehouse warehouse = new DuckDbWarehouse(fixture.stack.files().warehouse(), true);
        while (Instant.now().isBefore(deadline)) {
            try {
                long n = ((Number) warehouse.query("SELECT count(*) FROM dea_meta.backfill_chunks WHERE plan_id = '" + goalId + "'")
                        .rows().get(0).get(0)).longValue();
                if (n >= atLeast) {
                    return n;
                }
            } catch (RuntimeException notYet) {
                // the chunk table is created by the first backfill day
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the backfill of " + goalId + " did not reach " + atLeast + " days in 240 s: "
                + connection.planStates().get(goalId));
    }

    /** Thirty days of orders, one to three payments each, some returned; a goal to backfill all of them. */
    private static void writeGoalAndData(Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        StringBuilder orders = new StringBuilder("id,order_date,status\n");
        StringBuilder payments = new StringBuilder("id,order_id,amount\n");
        int payment = 0;
        for (int id = 1; id <= 240; id++) {
            LocalDate day = FIRST.plusDays((id * 7L) % DAYS);
            orders.append(id).append(',').append(day).append(',').append(id % 9 == 0 ? "returned" : "completed").append('\n');
            for (int k = 0; k <= id % 3; k++) {
                payments.append(++payment).append(',').append(id).append(',').append(10 + (id * 13 + k * 7) % 90).append(".25\n");
            }
        }
        Files.writeString(data.resolve("orders.csv"), orders);
        Files.writeString(data.resolve("payments.csv"), payments);
        Files.writeString(dir.resolve("goal.yaml"), """
                goal: Daily revenue, backfilled over January
                sources:
                  - { name: orders, format: csv, location: data/orders.csv, primary_key: id }
                  - { name: payments, format: csv, location: data/payments.csv }
                relationships:
                  - payments.order_id -> orders.id
                mart:
                  name: daily_revenue
                  grain: [orders.order_date]
                  time_grain: day
                  measures:
                    - { name: revenue, agg: sum, expr: payments.amount }
                    - { name: order_count, agg: count_distinct, expr: orders.id }
                  filters: ["orders.status <> 'returned'"]
                owner: analytics-team
                environment: dev
                backfill: { start: %s, end: %s }
                """.formatted(FIRST, FIRST.plusDays(DAYS - 1)));
    }
}
