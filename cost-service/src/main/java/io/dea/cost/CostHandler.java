package io.dea.cost;

import io.dea.events.v1.Artifact;
import io.dea.events.v1.GoalSpec;
import io.dea.platform.agent.ArtifactFile;
import io.dea.platform.agent.TaskContext;
import io.dea.platform.agent.TaskHandler;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.kafka.AgentKind;
import io.dea.platform.warehouse.DuckDbWarehouse;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The {@code cost} step: EXPLAINs the mart's compiled SQL (from the transform step), estimates the
 * bytes it scans and the money, writes the cost report, and asks a cost approver when the estimate
 * is over the goal's budget (or the platform's default budget). Once approved it reports the same
 * estimate and does not ask again.
 *
 * <p>A bad budget or a query that is not one SELECT is a definite no (FAILED, not retried); so is
 * SQL the warehouse cannot plan, because planning it again would fail the same way.
 */
@Component
public class CostHandler implements TaskHandler {

    static final String REVIEW_KIND = "COST";
    static final String APPROVER = "cost-approver";
    static final String REPORT_KIND = "cost_report";

    private final CostProperties properties;
    private final PlanExplainer explainer = new PlanExplainer();
    private final ScanEstimator estimator = new ScanEstimator();

    public CostHandler(CostProperties properties) {
        this.properties = properties;
    }

    @Override
    public AgentKind kind() {
        return AgentKind.COST;
    }

    @Override
    public TaskOutcome handle(TaskContext context) throws Exception {
        GoalSpec goal = context.goal();
        String mart = context.martName();

        String goalBudget = goal.getBudget() == null ? null : goal.getBudget().getMaxBytesScanned();
        String budgetText = goalBudget != null ? goalBudget : properties.defaultMaxBytes();
        String budgetSource = goalBudget != null ? "from the goal's budget.max_bytes_scanned" : "the platform default dea.cost.default-max-bytes";
        long budget;
        try {
            budget = ByteSize.parse(budgetText);
        } catch (IllegalArgumentException e) {
            return TaskOutcome.failed("bad budget: " + (goalBudget != null ? "budget.max_bytes_scanned" : "dea.cost.default-max-bytes")
                    + " '" + budgetText + "' is not a size", e.getMessage());
        }

        String compiled = context.input("transform", "compiled_sql");
        if (compiled == null || compiled.isBlank()) {
            return TaskOutcome.failed(mart + ": nothing to estimate", "the transform step gave no compiled_sql");
        }
        String query;
        try {
            query = ReadOnlySql.require(compiled);
        } catch (IllegalArgumentException e) {
            return TaskOutcome.failed(mart + ": the compiled SQL is not one query", e.getMessage());
        }

        QueryPlan plan;
        try {
            plan = context.tool("warehouse.explain", "EXPLAIN (FORMAT JSON) " + query, () -> explainer.explain(context.warehouse(), query));
        } catch (DuckDbWarehouse.WarehouseException e) {
            return TaskOutcome.failed(mart + ": the warehouse cannot plan the compiled SQL", e.getMessage());
        }
        String tables = plan.scans().stream().map(TableScan::name).distinct().collect(Collectors.joining(", "));
        ScanEstimate estimate = context.tool("warehouse.table_stats", tables.isEmpty() ? "(no tables)" : tables,
                () -> estimator.estimate(context.warehouse(), plan));

        CostReport report = new CostReport(mart, query, plan, estimate, budget, budgetSource, properties.pricePerTb());
        String markdown = report.markdown();
        List<Artifact> committed = context.commit("Cost estimate for " + mart,
                List.of(new ArtifactFile(REPORT_KIND, CostReport.path(mart), markdown)));

        String summary = report.headline()
                + (report.overBudget() && context.approved() ? "; approved by " + context.task().getApprovedBy() : "")
                + (plan.unestimated().isEmpty() ? "" : "; not estimated: " + String.join(", ", plan.unestimated()))
                + "; method: " + ScanEstimator.METHOD;
        TaskOutcome outcome = TaskOutcome.succeeded(summary)
                .withOutput("estimated_bytes", Long.toString(estimate.bytes()))
                .withOutput("budget_bytes", Long.toString(budget))
                .withOutput("estimated_usd", report.usd().toPlainString())
                .withArtifacts(committed);
        if (report.overBudget() && !context.approved()) {
            return outcome.needsReview(REVIEW_KIND, mart + ": estimated " + ByteSize.format(estimate.bytes())
                    + " scanned, over budget " + ByteSize.format(budget), markdown, APPROVER);
        }
        return outcome;
    }
}
