package io.dea.cost;

import io.dea.platform.goal.ByteSize;
import io.dea.platform.artifact.DataProject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The cost agent's findings for one mart, written as {@code models/<mart>/cost_report.md} and shown
 * to a cost approver: the estimate, the budget, the money, how the estimate was made, the table by
 * table breakdown, the plan and the query.
 *
 * @param mart         the mart
 * @param query        the compiled SQL that was explained
 * @param plan         what EXPLAIN said
 * @param estimate     the bytes it scans
 * @param budgetBytes  the limit
 * @param budgetSource where the limit comes from (the goal or the platform default)
 * @param pricePerTb   USD per TB scanned
 * @param method       how the bytes were estimated (DuckDB's plan and table statistics, or a BigQuery dry run)
 * @param planTitle    where the plan text comes from, for its heading ({@code EXPLAIN}, {@code BigQuery dry run})
 */
public record CostReport(String mart, String query, QueryPlan plan, ScanEstimate estimate, long budgetBytes,
                         String budgetSource, BigDecimal pricePerTb, String method, String planTitle) {

    /** The DuckDB estimate: EXPLAIN's plan and the tables' statistics. */
    public CostReport(String mart, String query, QueryPlan plan, ScanEstimate estimate, long budgetBytes, String budgetSource,
                      BigDecimal pricePerTb) {
        this(mart, query, plan, estimate, budgetBytes, budgetSource, pricePerTb, ScanEstimator.METHOD + (plan.json() == null
                ? "; the warehouse gave no JSON plan, so every column of each scanned table is counted" : ""), "EXPLAIN");
    }

    private static final BigDecimal TB = BigDecimal.valueOf(1024).pow(4);

    public static String path(String mart) {
        return DataProject.modelDir(mart) + "/cost_report.md";
    }

    public boolean overBudget() {
        return estimate.bytes() > budgetBytes;
    }

    /** USD for the bytes scanned at the configured price. */
    public BigDecimal usd() {
        return usdFor(estimate.bytes());
    }

    /** USD for any number of bytes at this report's price. */
    public BigDecimal usdFor(long bytes) {
        return pricePerTb.multiply(BigDecimal.valueOf(bytes)).divide(TB, 6, RoundingMode.HALF_UP);
    }

    public String usdText() {
        return usdText(usd());
    }

    public String usdText(BigDecimal usd) {
        return "$" + (usd.compareTo(new BigDecimal("0.01")) >= 0 ? usd.setScale(2, RoundingMode.HALF_UP) : usd).toPlainString();
    }

    /** One line: the estimate, the money and the budget. */
    public String headline() {
        return mart + ": estimated " + ByteSize.format(estimate.bytes()) + " scanned (" + usdText() + " at $"
                + pricePerTb.toPlainString() + "/TB), " + (overBudget() ? "over" : "within") + " budget "
                + ByteSize.format(budgetBytes);
    }

    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Cost estimate: ").append(mart).append("\n\n")
                .append("- Estimated bytes scanned: **").append(ByteSize.format(estimate.bytes())).append("** (")
                .append(estimate.bytes()).append(" bytes)\n")
                .append("- Budget: ").append(ByteSize.format(budgetBytes)).append(" (").append(budgetBytes)
                .append(" bytes, ").append(budgetSource).append(")\n")
                .append("- Estimated cost: ").append(usdText()).append(" at $").append(pricePerTb.toPlainString())
                .append(" per TB scanned\n")
                .append("- Verdict: ").append(overBudget() ? "**over budget**: running it needs a cost approval" : "within budget")
                .append("\n- Method: ").append(method).append('\n');
        if (!estimate.tables().isEmpty()) {
            md.append("\n## Tables scanned\n\n")
                    .append("| table | rows | columns read | bytes per row | bytes |\n|---|---:|---|---:|---:|\n");
        }
        for (ScanEstimate.TableEstimate table : estimate.tables()) {
            md.append("| ").append(table.table()).append(" | ").append(table.rows()).append(" | ")
                    .append(table.columns().stream().map(c -> c.column() + " " + c.type()
                            + String.format(Locale.ROOT, " (%.1f%s)", c.bytes(), c.sampled() ? ", sampled" : ""))
                            .collect(Collectors.joining(", ")))
                    .append(" | ").append(String.format(Locale.ROOT, "%.1f", table.bytesPerRow())).append(" | ")
                    .append(table.bytes()).append(" |\n");
        }
        if (!plan.unestimated().isEmpty()) {
            md.append("\nNot estimated (not a warehouse table): ").append(String.join(", ", plan.unestimated())).append('\n');
        }
        md.append("\n## Plan (").append(planTitle).append(")\n\n```\n").append(plan.text().strip()).append("\n```\n")
                .append("\n## Query\n\n```sql\n").append(query.strip()).append("\n```\n");
        return noJinja(md.toString());
    }

    /** dbt reads .md files under models/ for docs blocks; keep anything that looks like Jinja inert. */
    private static String noJinja(String text) {
        return text.replace("{{", "{ {").replace("{%", "{ %").replace("{#", "{ #");
    }
}
