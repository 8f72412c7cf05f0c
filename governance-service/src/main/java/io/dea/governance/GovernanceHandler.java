package io.dea.governance;

import io.dea.platform.step.Outputs;
import io.dea.platform.catalog.CatalogUpdates;
import io.dea.platform.catalog.ColumnFacts;
import io.dea.events.v1.Artifact;
import io.dea.platform.agent.ArtifactFile;
import io.dea.platform.agent.TaskContext;
import io.dea.platform.agent.TaskHandler;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.artifact.DataProject;
import io.dea.platform.dbt.Dbt;
import io.dea.platform.goal.Environment;
import io.dea.platform.kafka.AgentKind;
import io.dea.platform.policy.PolicyDocuments;
import io.dea.platform.policy.PolicyKind;
import io.dea.platform.review.ReviewKind;
import io.dea.platform.warehouse.SqlText;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The {@code governance} step: samples every landing table of the goal, finds PII by column names
 * and values, and proposes masked views with PII tags for a governance approver.
 *
 * <p>Before asking, it builds the proposed views into the plan's sandbox schema: a reviewer is
 * never asked to approve SQL that does not build, and nothing shared changes. Once approved it
 * builds nothing (the apply step builds the branch into the environment); it commits the same
 * files again, which changes nothing when they are already on the branch, and tags each PII column
 * in the warehouse with a column comment ({@code pii:email confidence:0.99}), one audited
 * {@code warehouse.comment} call per column.
 */
@Component
public class GovernanceHandler implements TaskHandler {


    private final ColumnSampler sampler = new ColumnSampler();
    private final PiiDetector detector = new PiiDetector();

    /**
     * The warehouse's own tag of a PII column, a column comment {@code pii:<kind> confidence:<x>}, so
     * anyone browsing {@code landing} (or {@code duckdb_columns()}) sees it without reading the data
     * project. It replaces any comment the column had.
     */
    static String tagSql(PiiColumn column) {
        return "COMMENT ON COLUMN " + DataProject.LANDING_SCHEMA + "." + SqlText.identifier(column.table()) + "."
                + SqlText.identifier(column.column()) + " IS "
                + SqlText.literal(tag(column));
    }

    /** {@code pii:email confidence:0.99}. */
    static String tag(PiiColumn column) {
        return "pii:" + column.kind().id() + " confidence:" + String.format(Locale.ROOT, "%.2f", column.confidence());
    }

    @Override
    public AgentKind kind() {
        return AgentKind.GOVERNANCE;
    }

    @Override
    public TaskOutcome handle(TaskContext context) throws Exception {
        String mart = context.martName();
        List<String> sources = context.sourceNames();
        List<TableSample> tables = new ArrayList<>();
        for (String source : sources) {
            TableSample table = context.tool("warehouse.sample", ColumnSampler.sampleSql(source, "<each column>"),
                    () -> sampler.sample(context.warehouse(), source));
            if (table == null) {
                return TaskOutcome.failed("landing." + source + " does not exist",
                        "the ingest step should have loaded source '" + source + "' into landing." + source);
            }
            tables.add(table);
        }
        GovernancePolicy policy;
        try {
            policy = GovernancePolicy.of(context.policies(PolicyKind.GOVERNANCE));
        } catch (PolicyDocuments.PolicyException e) {
            return TaskOutcome.failed("the data project's governance policy cannot be applied: " + e.getMessage()
                    + "; fix the document on main and submit the goal again", e.getMessage());
        }
        List<PiiColumn> detected = tables.stream().flatMap(table -> detector.detect(table).stream()).toList();
        List<PiiColumn> pii = policy.apply(tables, detected);
        if (pii.isEmpty()) {
            String scanned = sources.stream().map(s -> DataProject.LANDING_SCHEMA + "." + s).collect(Collectors.joining(", "));
            return TaskOutcome.succeeded((scanned.isEmpty() ? "no sources, so no PII to look for" : "no PII found in " + scanned)
                            + (policy.documents().isEmpty() ? "" : " (policy: " + String.join(", ", policy.documents()) + ")"))
                    .withOutputs(new Outputs.Governance("", "", null, policy.documents()));
        }
        Masking masking = mask(context, mart, tables, pii, policy, detected);
        return context.approved() ? tag(context, masking) : propose(context, masking);
    }

    /** The masked views and access policies proposed for the PII found, as committed to the plan's branch. */
    private record Masking(String mart, List<PiiColumn> pii, MaskedViews views, AccessPolicies policies, List<Artifact> committed,
                           GovernancePolicy policy, List<PiiColumn> detected) {

        /** {@code 2 PII columns in landing.customers}. */
        String found() {
            String withPii = pii.stream().map(c -> DataProject.LANDING_SCHEMA + "." + c.table()).distinct()
                    .collect(Collectors.joining(", "));
            return pii.size() + " PII column" + (pii.size() == 1 ? "" : "s") + " in " + withPii;
        }

        Outputs.Governance outputs(String exposedColumns) {
            return new Outputs.Governance(pii.stream().map(PiiColumn::qualified).collect(Collectors.joining(",")),
                    String.join(",", views.models()), exposedColumns, policy.documents());
        }
    }

    private static Masking mask(TaskContext context, String mart, List<TableSample> tables, List<PiiColumn> pii,
                                GovernancePolicy policy, List<PiiColumn> detected) throws Exception {
        MaskedViews views = MaskedViews.of(mart, tables, pii);
        AccessPolicies policies = AccessPolicies.of(mart, Environment.of(context.task().getEnvironment()), pii, views.models(), policy.roles());
        List<ArtifactFile> files = new ArrayList<>(views.files());
        files.addAll(policies.files());
        List<Artifact> committed = context.commit("Masked views, PII tags and access policies for " + mart, files);
        return new Masking(mart, pii, views, policies, committed, policy, detected);
    }

    /** Approved: tags each PII column in the warehouse; the views are built when the plan is applied. */
    private static TaskOutcome tag(TaskContext context, Masking masking) throws Exception {
        List<PiiColumn> pii = masking.pii();
        for (PiiColumn column : pii) {
            String sql = tagSql(column);
            context.tool("warehouse.comment", sql, () -> context.warehouse().withConnection(connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(sql);
                }
                return null;
            }));
        }
        CatalogUpdates.described(context, pii.stream().map(c -> new ColumnFacts(DataProject.LANDING_SCHEMA + "." + c.table(), c.column(),
                java.util.Map.of("pii", c.kind().id()))).toList());
        return TaskOutcome.succeeded(masking.found() + ": masked views approved by " + context.task().getApprovedBy()
                        + "; " + pii.size() + " column" + (pii.size() == 1 ? "" : "s") + " tagged in the warehouse"
                        + "; the views are built when the plan is applied")
                .withOutputs(masking.outputs(null))
                .withArtifacts(masking.committed());
    }

    /** Unapproved: builds the views in the plan's sandbox, so a reviewer never approves SQL that does not build, and asks. */
    private static TaskOutcome propose(TaskContext context, Masking masking) throws Exception {
        String sandbox = DataProject.sandboxSchema(context.planId());
        Dbt.DbtResult build = context.dbt(sandbox, List.of("build", "--select", MaskedViews.directory(masking.mart())));
        if (!build.ok()) {
            return TaskOutcome.failed(masking.found() + ", but the proposed masked views do not build: " + build.reason("dbt named no model"), build.detail())
                    .withArtifacts(masking.committed());
        }
        // What DuckDB can enforce: in the built schema, only the masked views expose the tagged columns.
        List<String> exposed = context.tool("warehouse.exposures", sandbox, () -> context.warehouse().withConnection(
                connection -> AccessPolicies.exposures(connection, sandbox, masking.pii(), masking.views().models())));
        String review = masking.views().reviewText(masking.pii()) + masking.policy().reviewText(masking.detected())
                + policiesText(masking.policies())
                + (exposed.isEmpty() ? "\nOnly the masked views expose the tagged columns in " + sandbox + ".\n"
                : "\nWARNING: tagged columns are exposed outside the masked views: " + String.join(", ", exposed) + "\n");
        return TaskOutcome.succeeded(masking.found() + ": masked views and access policies proposed (built in " + sandbox + ")")
                .withOutputs(masking.outputs(String.join(",", exposed)))
                .withArtifacts(masking.committed())
                .heldForReview(context, true, ReviewKind.GOVERNANCE, masking.found() + ": masked views and access policies proposed", review);
    }

    private static String policiesText(AccessPolicies policies) {
        StringBuilder text = new StringBuilder();
        for (ArtifactFile file : policies.files()) {
            text.append("\n--- ").append(file.path()).append("\n").append(file.content());
        }
        return text.toString();
    }
}
