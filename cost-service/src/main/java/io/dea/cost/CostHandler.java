package io.dea.cost;

import io.dea.platform.step.Outputs;
import io.dea.events.v1.StepKind;
import io.dea.platform.goal.ByteSize;
import io.dea.events.v1.Artifact;
import io.dea.events.v1.GoalSpec;
import io.dea.platform.agent.ArtifactFile;
import io.dea.platform.agent.TaskContext;
import io.dea.platform.agent.TaskHandler;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.kafka.AgentKind;
import io.dea.platform.review.ReviewKind;
import io.dea.platform.warehouse.DuckDbWarehouse;
import com.google.cloud.bigquery.BigQueryException;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The {@code cost} step: EXPLAINs the mart's compiled SQL (from the transform step), estimates the
 * bytes it scans and the money, writes the cost report, and asks a cost approver when the estimate
 * is over the goal's budget (or the platform's default budget). Once approved it reports the same
 * estimate and does not ask again.
 *
 * <p>A bad budget or a query that is not one SELECT is a definite no (FAILED, not retried); so is
 * SQL the warehouse cannot plan, because planning it again would fail the same way.
 *
 * <p>With {@code dea.cost.bigquery.project} set, the estimate is a BigQuery dry run of the same SQL
 * instead of DuckDB's EXPLAIN, and each step also records the project's finished jobs from
 * {@code INFORMATION_SCHEMA.JOBS}. The marts still run on DuckDB; the dry run prices the SQL as the
 * transform step compiled it, so it estimates BigQuery's bill only for SQL BigQuery accepts.
 */
@Component
public class CostHandler implements TaskHandler {

    static final String REPORT_KIND = "cost_report";

    private final CostProperties properties;
    private final PlanExplainer explainer = new PlanExplainer();
    private final ScanEstimator estimator = new ScanEstimator();
    private final QueryProfiler profiler = new QueryProfiler();
    private final QueryHistory history;
    /** Null unless a BigQuery project is configured: no client is made for a DuckDB-only platform. */
    private final BigQueryWarehouse bigQuery;

    @Autowired
    public CostHandler(CostProperties properties, ObjectProvider<MeterRegistry> meters) {
        this(properties, meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    public CostHandler(CostProperties properties, MeterRegistry meters) {
        this.properties = properties;
        this.history = new QueryHistory(meters);
        this.bigQuery = properties.bigquery().configured() ? BigQueryWarehouse.connect(properties.bigquery()) : null;
    }

    public CostHandler(CostProperties properties) {
        this(properties, new SimpleMeterRegistry());
    }

    @Override
    public AgentKind kind() {
        return AgentKind.COST;
    }

    @Override
    public TaskOutcome handle(TaskContext context) throws Exception {
        String mart = context.martName();
        CostReport report;
        try {
            Budget budget = budget(context.goal());
            String query = query(context, mart);
            report = bigQuery == null ? explain(context, mart, query, budget) : dryRun(context, mart, query, budget);
        } catch (Refused no) {
            return no.outcome;
        }
        // Watch what ran: a query within budget (or approved over it) runs once, profiled, and is recorded.
        Ran ran = properties.profileRuns() && (!report.overBudget() || context.approved()) ? profile(context, report) : null;
        Jobs jobs = bigQuery == null ? Jobs.NOT_READ : readJobs(context, report);
        String markdown = report.markdown() + (ran == null ? "" : ranSection(ran.run(), ran.advice(), report));
        List<Artifact> committed = context.commit("Cost estimate for " + mart,
                List.of(new ArtifactFile(REPORT_KIND, CostReport.path(mart), markdown)));
        return TaskOutcome.succeeded(summary(context, report, ran, jobs))
                .withOutputs(outputs(report, ran, jobs))
                .withArtifacts(committed)
                .heldForReview(context, report.overBudget(), ReviewKind.COST, mart + ": estimated "
                        + ByteSize.format(report.estimate().bytes()) + " scanned, over budget " + ByteSize.format(report.budgetBytes()), markdown);
    }

    /** The limit the estimate is held to, and where it comes from, as the report says it. */
    private record Budget(long bytes, String source) {
    }

    /** The mart's SQL as it ran under EXPLAIN ANALYZE, and the advice on what it read. */
    private record Ran(QueryRun run, List<String> advice) {
    }

    /** BigQuery jobs recorded in the query history ({@code recorded} null when none were read), and why not. */
    private record Jobs(Integer recorded, String note) {
        static final Jobs NOT_READ = new Jobs(null, "");
    }

    /** A definite no: the step fails with this outcome, and running it again would fail the same way. */
    private static final class Refused extends Exception {
        private final transient TaskOutcome outcome;

        Refused(TaskOutcome outcome) {
            super(outcome.summary(), null, false, false);
            this.outcome = outcome;
        }
    }

    /** The goal's budget, else the platform default, capped at the platform ceiling. */
    private Budget budget(GoalSpec goal) throws Refused {
        String goalBudget = goal.getBudget() == null ? null : goal.getBudget().getMaxBytesScanned();
        String budgetText = goalBudget != null ? goalBudget : properties.defaultMaxBytes();
        long budget;
        try {
            budget = ByteSize.parse(budgetText);
        } catch (IllegalArgumentException e) {
            throw new Refused(TaskOutcome.failed("bad budget: " + (goalBudget != null ? "budget.max_bytes_scanned" : "dea.cost.default-max-bytes")
                    + " '" + budgetText + "' is not a size", e.getMessage()));
        }
        long ceiling = ByteSize.parse(properties.maxBudget());
        if (budget > ceiling) {
            return new Budget(ceiling, "the platform ceiling dea.cost.max-budget (the goal asked for " + budgetText + ")");
        }
        return new Budget(budget, goalBudget != null ? "from the goal's budget.max_bytes_scanned" : "the platform default dea.cost.default-max-bytes");
    }

    /** The mart's SQL as the transform step compiled it, which must be one read-only query. */
    private static String query(TaskContext context, String mart) throws Refused {
        String compiled = context.upstream(StepKind.TRANSFORM, Outputs.Transform.class).compiledSql();
        if (compiled == null || compiled.isBlank()) {
            throw new Refused(TaskOutcome.failed(mart + ": nothing to estimate", "the transform step gave no compiled_sql"));
        }
        try {
            return ReadOnlySql.require(compiled);
        } catch (IllegalArgumentException e) {
            throw new Refused(TaskOutcome.failed(mart + ": the compiled SQL is not one query", e.getMessage()));
        }
    }

    /** DuckDB's estimate: EXPLAIN's plan and the statistics of the tables it scans. */
    private CostReport explain(TaskContext context, String mart, String query, Budget budget) throws Exception {
        QueryPlan explained;
        try {
            explained = context.tool("warehouse.explain", "EXPLAIN (FORMAT JSON) " + query, () -> explainer.explain(context.warehouse(), query));
        } catch (DuckDbWarehouse.WarehouseException e) {
            throw new Refused(cannotPlan(context, mart, e.getMessage()));
        }
        String tables = explained.scans().stream().map(TableScan::name).distinct().collect(Collectors.joining(", "));
        ScanEstimate scanned = context.tool("warehouse.table_stats", tables.isEmpty() ? "(no tables)" : tables,
                () -> estimator.estimate(context.warehouse(), explained));
        return new CostReport(mart, query, explained, scanned, budget.bytes(), budget.source(), properties.price());
    }

    /**
     * DuckDB cannot plan the mart's SQL: the step says which model and why, in DuckDB's words (its
     * first line in the summary, all of it with the SQL position in the error). Planning reads no
     * rows, so the message names tables, columns and types, never values.
     */
    private static TaskOutcome cannotPlan(TaskContext context, String mart, String duckdb) {
        String model = context.upstream(StepKind.TRANSFORM, Outputs.Transform.class).modelPath();
        String named = model == null || model.isBlank() ? "model " + mart : "model " + mart + " (" + model + ")";
        String message = duckdb == null || duckdb.isBlank() ? "no message from DuckDB" : duckdb.strip();
        String firstLine = message.lines().findFirst().orElse(message);
        return TaskOutcome.failed(mart + ": the warehouse cannot plan the compiled SQL of " + named + ": " + firstLine,
                "DuckDB cannot plan the compiled SQL of " + named + ": " + message);
    }

    /** BigQuery's estimate: a dry run of the same SQL. */
    private CostReport dryRun(TaskContext context, String mart, String query, Budget budget) throws Exception {
        DryRun dryRun;
        try {
            dryRun = context.tool("bigquery.dry_run", query, () -> bigQuery.dryRun(query));
        } catch (BigQueryException e) {
            if (!rejectsTheQuery(e)) {
                throw e; // BigQuery unreachable or overloaded: an error, so the platform retries
            }
            throw new Refused(TaskOutcome.failed(mart + ": BigQuery rejects the compiled SQL in its dry run: " + e.getMessage(),
                    e.getMessage()));
        }
        return new CostReport(mart, query, dryRunPlan(dryRun), new ScanEstimate(List.of(), dryRun.bytes()), budget.bytes(),
                budget.source(), properties.price(), "BigQuery dry run in project " + bigQuery.project()
                + " (totalBytesProcessed, query cache off) of the SQL as given; the marts still run on DuckDB", "BigQuery dry run");
    }

    /** Runs the mart's SQL once under EXPLAIN ANALYZE, advises on what it read, and records it in the query history. */
    private Ran profile(TaskContext context, CostReport report) throws Exception {
        String mart = report.mart();
        String query = report.query();
        QueryRun ran = context.tool("warehouse.profile", "EXPLAIN (ANALYZE, FORMAT JSON) " + query,
                () -> profiler.run(context.warehouse(), "mart", mart, query));
        GoalSpec goal = context.goal();
        String grain = goal.getMart().getGrain() == null ? null : String.join(", ", goal.getMart().getGrain());
        List<String> advice = ScanAdvice.advise(ran, properties.scanRatioThreshold(), grain);
        String adviceText = String.join("; ", advice);
        context.tool("warehouse.query_history", QueryHistory.TABLE + " += " + mart,
                () -> {
                    history.record(context.warehouse(), context.planId(), ran, report.usdFor(ran.bytesScanned()), query, adviceText);
                    return null;
                });
        return new Ran(ran, advice);
    }

    private Jobs readJobs(TaskContext context, CostReport report) throws Exception {
        try {
            return new Jobs(context.tool("bigquery.query_history", "INFORMATION_SCHEMA.JOBS -> " + QueryHistory.TABLE,
                    () -> readBigQueryHistory(context, report)), "");
        } catch (BigQueryException e) {
            // The history watches; the estimate is the gate. Say it was not read rather than fail the step.
            return new Jobs(null, "; BigQuery query history not read: " + e.getMessage());
        }
    }

    private String summary(TaskContext context, CostReport report, Ran ran, Jobs jobs) {
        List<String> unestimated = report.plan().unestimated();
        String summary = report.headline()
                + (report.overBudget() && context.approved() ? "; approved by " + context.task().getApprovedBy() : "")
                + (unestimated.isEmpty() ? "" : "; not estimated: " + String.join(", ", unestimated))
                + "; method: " + report.method()
                + (jobs.recorded() == null ? "" : "; " + jobs.recorded() + " new BigQuery jobs in " + QueryHistory.TABLE) + jobs.note();
        return summary + (ran == null ? "" : "; ran in " + String.format(java.util.Locale.ROOT, "%.3f s", ran.run().seconds())
                + ", scanned " + ByteSize.format(ran.run().bytesScanned())
                + (ran.advice().isEmpty() ? "" : "; advice: " + String.join("; ", ran.advice())));
    }

    private Outputs.Cost outputs(CostReport report, Ran ran, Jobs jobs) {
        QueryRun run = ran == null ? null : ran.run();
        return new Outputs.Cost(report.estimate().bytes(), report.budgetBytes(), report.usd(),
                bigQuery == null ? "duckdb_explain" : "bigquery_dry_run", jobs.recorded() == null ? null : jobs.recorded().longValue(),
                run == null ? null : run.seconds(), run == null ? null : run.bytesScanned(),
                run == null ? null : run.rowsScanned(), run == null ? null : run.rowsReturned(),
                ran == null ? null : String.join("; ", ran.advice()));
    }

    /** 4xx: BigQuery read the request and said no (invalid SQL, a table that does not exist, no access). */
    private static boolean rejectsTheQuery(BigQueryException e) {
        return e.getCode() >= 400 && e.getCode() < 500 && !e.isRetryable();
    }

    private static QueryPlan dryRunPlan(DryRun dryRun) {
        String text = "statement type: " + (dryRun.statementType().isEmpty() ? "(not given)" : dryRun.statementType())
                + "\ntotal bytes processed: " + dryRun.bytes()
                + "\nreferenced tables: " + (dryRun.referencedTables().isEmpty() ? "(none given)" : String.join(", ", dryRun.referencedTables()));
        return new QueryPlan(text, null, List.of(), List.of());
    }

    /** Reads finished jobs from where the last read stopped (or the lookback) and records the new ones. */
    private int readBigQueryHistory(TaskContext context, CostReport report) throws InterruptedException {
        Instant since = history.newestBigQueryJob(context.warehouse())
                .orElseGet(() -> Instant.now().minus(properties.bigquery().historyLookback()));
        List<BigQueryJob> jobs = bigQuery.jobsSince(since);
        return history.recordJobs(context.warehouse(), jobs, report::usdFor);
    }

    private static String ranSection(QueryRun run, List<String> advice, CostReport report) {
        // No wall-clock time here: the report is committed to the plan's branch, and two plans of the
        // same mart must write the same file (the time is in the outputs and dea_meta.query_history).
        StringBuilder md = new StringBuilder("\n## What ran (EXPLAIN ANALYZE)\n\n")
                .append("- Rows scanned: ").append(run.rowsScanned()).append(", returned: ").append(run.rowsReturned())
                .append(String.format(java.util.Locale.ROOT, " (%.0f read per row returned)%n", run.scanRatio()))
                .append("- Bytes scanned: ").append(ByteSize.format(run.bytesScanned())).append(" (")
                .append(run.bytesScanned()).append(" bytes, ").append(report.usdText(report.usdFor(run.bytesScanned()))).append(")\n");
        for (QueryRun.TableRun table : run.tables()) {
            md.append("- ").append(table.table()).append(": ").append(table.rowsScanned()).append(" rows read")
                    .append(table.filters().isEmpty() ? "" : ", filtered by " + String.join(" AND ", table.filters())).append('\n');
        }
        md.append(advice.isEmpty() ? "- Advice: none, it returns a fair share of what it reads\n"
                : "\n### Advice\n\n" + advice.stream().map(a -> "- " + a + "\n").collect(Collectors.joining()));
        return md.toString().replace("{{", "{ {").replace("{%", "{ %").replace("{#", "{ #");
    }
}
