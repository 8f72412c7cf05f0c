package io.dea.cost;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.StepKind;
import io.dea.platform.step.StepRef;
import io.dea.events.v1.Outcome;
import io.dea.events.v1.TaskRequested;
import io.dea.events.v1.ToolCallAudited;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.testing.TestTasks;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cost step with a BigQuery project configured: Google's BigQuery client dry-runs the mart's SQL
 * and reads INFORMATION_SCHEMA.JOBS, against a loopback server that speaks BigQuery's REST API and
 * checks what the client sends. The warehouse that runs the marts stays DuckDB.
 */
class BigQueryCostTest {

    /** Valid in both dialects, so the profiled run on DuckDB and the dry run see the same text. */
    private static final String MART_SQL = "select order_date, count(*) as order_count from landing.orders group by order_date";

    private static final String GOAL = """
            goal: Daily orders
            sources:
              - { name: orders, format: csv, location: data/orders.csv }
            mart:
              name: daily_orders
              grain: [orders.order_date]
              measures:
                - { name: order_count, agg: count, expr: orders.id }
            owner: analytics-team
            """;

    private static final long TIB = 1024L * 1024 * 1024 * 1024;

    @TempDir
    Path home;
    private TestTasks tasks;
    private BigQueryRestServer bigQuery;

    @BeforeEach
    void start() throws Exception {
        tasks = new TestTasks(home);
        tasks.warehouse.withConnection(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA landing");
                s.execute("CREATE TABLE landing.orders AS SELECT i AS id, DATE '2024-01-01' + (i % 30)::INTEGER AS order_date"
                        + " FROM range(1, 3001) t(i)");
            }
            return null;
        });
        bigQuery = new BigQueryRestServer("acme-analytics");
    }

    @AfterEach
    void stop() {
        bigQuery.close();
    }

    @Test
    void shouldOpenACostReviewWithTheBytesAndMoneyOfTheDryRunWhenOverBudget() throws Exception {
        bigQuery.dryRunOf(MART_SQL, 5 * TIB);

        TaskOutcome outcome = handle(task("plan-bq-big", "1TB"));

        assertThat(outcome.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(outcome.review()).isNotNull();
        assertThat(outcome.review().kind()).isEqualTo("COST");
        assertThat(outcome.review().summary()).isEqualTo("daily_orders: estimated 5 TB scanned, over budget 1 TB");
        // 5 TiB at $6.25 per TiB.
        assertThat(outcome.outputs()).containsEntry("estimated_bytes", Long.toString(5 * TIB))
                .containsEntry("estimated_usd", "31.250000").containsEntry("estimate_method", "bigquery_dry_run");
        assertThat(outcome.review().diff()).contains("$31.25", "BigQuery dry run in project acme-analytics", "## Plan (BigQuery dry run)",
                "referenced tables: acme-analytics.landing.orders", MART_SQL);
        // Over budget: nothing ran on DuckDB.
        assertThat(outcome.outputs()).doesNotContainKey("ran_bytes_scanned");

        BigQueryRestServer.Request dryRun = bigQuery.requests().get(0);
        assertThat(dryRun.method() + " " + dryRun.path()).isEqualTo("POST /bigquery/v2/projects/acme-analytics/jobs");
        assertThat(dryRun.body().path("configuration").path("dryRun").asBoolean()).isTrue();
        assertThat(dryRun.body().path("configuration").path("query").path("query").asString()).isEqualTo(MART_SQL);
        assertThat(tasks.sink.events(ToolCallAudited.class)).extracting(ToolCallAudited::getTool)
                .containsExactly("bigquery.dry_run", "bigquery.query_history", "git.commit");
    }

    @Test
    void shouldSucceedWithoutReviewWithinBudgetAndStillRunTheMartOnDuckDb() throws Exception {
        bigQuery.dryRunOf(MART_SQL, 3L * 1024 * 1024 * 1024);

        TaskOutcome outcome = handle(task("plan-bq-small", "10GB"));

        assertThat(outcome.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(outcome.review()).isNull();
        assertThat(outcome.summary()).startsWith("daily_orders: estimated 3 GB scanned").contains("within budget 10 GB");
        assertThat(outcome.outputs()).containsEntry("estimated_bytes", Long.toString(3L * 1024 * 1024 * 1024))
                .containsEntry("ran_rows_scanned", "3000").containsEntry("ran_rows_returned", "30");
        assertThat(tasks.sink.events(ToolCallAudited.class)).extracting(ToolCallAudited::getTool)
                .containsExactly("bigquery.dry_run", "warehouse.profile", "warehouse.query_history", "bigquery.query_history", "git.commit");
    }

    @Test
    void shouldRecordTheProjectsFinishedJobsFromInformationSchemaOnceEach() throws Exception {
        Instant created = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MILLIS);
        bigQuery.dryRunOf(MART_SQL, 1024).withJobs(List.of(
                new BigQueryRestServer.JobRow("job_nightly_revenue", 2 * TIB, 86_400, micros(created), micros(created.plusSeconds(12)), "SELECT"),
                new BigQueryRestServer.JobRow("job_backfill", 512L * 1024 * 1024 * 1024, 3_600, micros(created.plusSeconds(60)),
                        micros(created.plusSeconds(61).plusMillis(500)), "INSERT")));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();

        TaskOutcome first = new CostHandler(bigQueryProperties(), meters).handle(tasks.context(task("plan-bq-history", "10GB")));
        TaskOutcome again = new CostHandler(bigQueryProperties(), meters).handle(tasks.context(task("plan-bq-history-2", "10GB")));

        assertThat(first.outputs()).containsEntry("bigquery_jobs_recorded", "2");
        assertThat(first.summary()).contains("2 new BigQuery jobs in dea_meta.query_history");
        assertThat(again.outputs()).containsEntry("bigquery_jobs_recorded", "0");
        List<List<Object>> rows = tasks.warehouse.query("SELECT subject, bytes_scanned, slot_ms, seconds, usd, statement_type, plan_id IS NULL"
                + " FROM dea_meta.query_history WHERE kind = 'bigquery' ORDER BY ran_at").rows();
        assertThat(rows).containsExactly(
                List.of("job_nightly_revenue", 2 * TIB, 86_400L, 12.0, new BigDecimal("12.500000"), "SELECT", true),
                List.of("job_backfill", 512L * 1024 * 1024 * 1024, 3_600L, 1.5, new BigDecimal("3.125000"), "INSERT", true));
        assertThat(meters.get("dea.query.bytes.scanned").tag("kind", "bigquery").summary().count()).isEqualTo(2);

        // Each step: a dry run (jobs.insert), then the history (jobs.query, answered in one page, so nothing more).
        assertThat(bigQuery.requests()).extracting(r -> r.method() + " " + r.path().replace("/bigquery/v2/projects/acme-analytics", ""))
                .containsExactly("POST /jobs", "POST /queries", "POST /jobs", "POST /queries");
        // The history query: the configured region's JOBS view, from 24 h back the first time, from the newest job after.
        List<BigQueryRestServer.Request> history = bigQuery.requests().stream()
                .filter(r -> r.path().endsWith("/queries")).toList();
        assertThat(sinceParameter(history.get(0))).isBetween(Instant.now().minus(Duration.ofHours(25)), Instant.now().minus(Duration.ofHours(23)));
        assertThat(history.get(0).body().path("query").asString())
                .contains("FROM `region-eu`.INFORMATION_SCHEMA.JOBS", "creation_time >= @since");
        assertThat(history.get(0).body().path("useLegacySql").asBoolean(true)).isFalse();
        assertThat(sinceParameter(history.get(1))).isEqualTo(created.plusSeconds(60));
    }

    @Test
    void shouldFailTheStepWithBigQuerysOwnMessageWhenItRejectsTheSql() throws Exception {
        bigQuery.rejectingQueriesWith("Syntax error: Unexpected keyword QUALIFY at [1:8]");

        TaskOutcome outcome = handle(task("plan-bq-invalid", "10GB"));

        assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(outcome.summary()).startsWith("daily_orders: BigQuery rejects the compiled SQL in its dry run: ")
                .contains("Syntax error: Unexpected keyword QUALIFY at [1:8]");
        assertThat(outcome.error()).contains("Syntax error: Unexpected keyword QUALIFY at [1:8]");
        // The client then looks the job up (BigQuery answers 404: a rejected job is never created); no history is read.
        assertThat(bigQuery.requests()).extracting(r -> r.method() + " " + r.path().replaceFirst("/jobs/.+", "/jobs/{id}"))
                .containsExactly("POST /bigquery/v2/projects/acme-analytics/jobs", "GET /bigquery/v2/projects/acme-analytics/jobs/{id}");
    }

    @Test
    void shouldCreateNoBigQueryClientWhenNoProjectIsConfigured() throws Exception {
        TaskOutcome outcome = handle(task("plan-duckdb", "10GB"), CostProperties.defaults());

        assertThat(outcome.outputs()).containsEntry("estimate_method", "duckdb_explain").doesNotContainKey("bigquery_jobs_recorded");
        assertThat(bigQuery.requests()).isEmpty();
    }

    private CostProperties bigQueryProperties() {
        return CostProperties.defaults().withBigQuery(new CostProperties.BigQuerySettings("acme-analytics", bigQuery.endpoint(), "EU",
                "none", Duration.ofHours(24)));
    }

    private TaskOutcome handle(TaskRequested task) throws Exception {
        return handle(task, bigQueryProperties());
    }

    private TaskOutcome handle(TaskRequested task, CostProperties properties) throws Exception {
        return new CostHandler(properties).handle(tasks.context(task));
    }

    private TaskRequested task(String planId, String budget) {
        String yaml = GOAL + "budget:\n  max_bytes_scanned: \"" + budget + "\"\n";
        return tasks.task(planId, StepRef.of(StepKind.COST), "cost", TestTasks.goal(yaml), Map.of("transform.compiled_sql", MART_SQL));
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    private static Instant sinceParameter(BigQueryRestServer.Request request) {
        for (var parameter : request.body().path("queryParameters")) {
            if ("since".equals(parameter.path("name").asString())) {
                return parseTimestamp(parameter.path("parameterValue").path("value").asString());
            }
        }
        throw new AssertionError("no since parameter in " + request.body());
    }

    /** BigQuery's parameter text, {@code 2024-01-01 10:00:00.000000+00:00}. */
    private static Instant parseTimestamp(String text) {
        return java.time.OffsetDateTime.parse(text.replace(' ', 'T').replaceFirst("([+-]\\d\\d):?(\\d\\d)$", "$1:$2")).toInstant();
    }
}
