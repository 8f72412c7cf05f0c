package io.dea.transform;

import io.dea.platform.step.Outputs;
import io.dea.platform.catalog.CatalogUpdates;
import io.dea.platform.agent.TaskContext;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.artifact.ArtifactStore;
import io.dea.platform.artifact.DataProject;
import io.dea.platform.dbt.Dbt;
import io.dea.platform.goal.Environment;
import io.dea.platform.goal.Identifiers;
import io.dea.platform.review.ReviewKind;
import io.dea.events.v1.StepKind;
import java.util.List;
import java.util.Optional;

/**
 * Step {@code apply}: the only step that changes a shared environment, so it first asks a reviewer
 * with the plan branch's diff; sent again with the approval, it merges the branch into main and has
 * dbt build the mart (and run its tests) into the environment's schema. A mart that exists already
 * gets a canary first ({@link Canary}): outside the tolerance the review is a {@code CANARY} review
 * that holds the change; within it, the CHANGE review says so (or, when configured, the change is
 * applied without one). Prod takes only a version of the models that was applied to staging before,
 * under its own {@code PROMOTION} review ({@link Promotions}). Before building it records
 * what it is about to replace ({@link RollbackPoints}), so {@code ./dea rollback} can put it back.
 */
final class ApplyStep {

    private ApplyStep() {
    }

    static final String STAGING = Environment.STAGING;
    static final String PROD = Environment.PROD;

    /**
     * How a changed mart's canary is judged.
     *
     * @param tolerance               the largest relative change of rows, keys and totals still within tolerance
     * @param promoteWithinTolerance  apply a change whose canary is within tolerance without a review (the canary
     *                                is its successful dry run); off by default, so a person still sees every change
     */
    record CanaryPolicy(double tolerance, boolean promoteWithinTolerance) {
        static final CanaryPolicy DEFAULT = new CanaryPolicy(0.01, false);
    }

    /** Where the step applies: the mart, the environment's schema and the plan's branch. */
    private record Target(String mart, String environment, String branch) {

        static Target of(TaskContext context) {
            String mart = Identifiers.require("mart name", context.goal().getMart().getName());
            String environment = Environment.of(context.task().getEnvironment());
            Identifiers.require("environment", environment);
            return new Target(mart, environment, context.task().getBranch());
        }
    }

    /** What a reviewer is shown: the branch's diff, how many files it changes, and the canary against the shadow build (null for a new mart). */
    private record Change(String diff, long files, String summary, String shadow, Canary canary) {
    }

    static TaskOutcome run(TaskContext context, CanaryPolicy policy) throws Exception {
        if (context.goal().getMart() == null) {
            return TaskOutcome.failed("the goal has no mart to apply", "no mart");
        }
        Target target = Target.of(context);
        if (context.approved()) {
            return applyApproved(context, target, context.task().getApprovedBy(), null);
        }
        Change change = gather(context, target, policy);
        if (PROD.equals(target.environment())) {
            return proposePromotion(context, target, change);
        }
        Canary canary = change.canary();
        if (canary != null && canary.withinTolerance() && policy.promoteWithinTolerance()) {
            return applyApproved(context, target, "canary within tolerance", canary);
        }
        return proposeChange(target, change, policy);
    }

    /**
     * The branch's diff and, for a mart that exists already, its canary: the plan's shadow build
     * (the quality step built the branch into its sandbox) against the table users query now.
     */
    private static Change gather(TaskContext context, Target target, CanaryPolicy policy) throws Exception {
        String mart = target.mart();
        String environment = target.environment();
        String diff = context.tool("git.diff", target.branch() + " against " + "main", () -> context.artifacts().diff(target.branch()));
        long files = diff.lines().filter(l -> l.startsWith("diff --git ")).count();
        Outputs.Transform transform = context.upstream(StepKind.TRANSFORM, Outputs.Transform.class);
        List<String> renamed = Optional.ofNullable(transform.renamedColumns()).orElse(List.of());
        List<String> reused = Optional.ofNullable(transform.reused()).orElse(List.of());
        List<String> documents = documentsUsed(context, transform);
        List<String> modelWritten = modelWritten(context);
        String summary = "Apply " + mart + " to " + environment + ": " + files + " files"
                + (documents.isEmpty() ? "" : "; follows " + String.join(", ", documents))
                + (modelWritten.isEmpty() ? "" : "; " + modelWritten.size() + " part(s) written by a language model")
                + (renamed.isEmpty() ? "" : "; mart names: " + String.join("; ", renamed))
                + (reused.isEmpty() ? "" : "; reuses staging: " + String.join("; ", reused));
        List<String> measures = context.goal().getMart().getMeasures() == null ? List.of()
                : context.goal().getMart().getMeasures().stream().map(m -> m.getName()).toList();
        String shadow = DataProject.sandboxSchema(context.planId());
        Canary canary = context.tool("warehouse.canary", shadow + "." + mart + " against " + environment + "." + mart,
                () -> Canary.compare(context.warehouse(), shadow, environment, mart, measures, policy.tolerance()));
        String shown = preamble("written by a language model (from the goal's words; a person approved it in the INTENT review):", modelWritten)
                + preamble("documents the plan's steps followed (path@blob, as on the plan's branch):", documents)
                + preamble("mart columns named unlike staging (naming standard):", renamed)
                + preamble("staging models of other marts this mart selects from (on main already; this change does not alter them):", reused)
                + diff;
        return new Change(shown, files, summary, shadow, canary);
    }

    /** The parts of the goal a language model wrote at intake (its {@code matches} lines marked "written by"). */
    private static List<String> modelWritten(TaskContext context) {
        Outputs.Intake intake = context.upstream(StepKind.INTAKE, Outputs.Intake.class);
        if (intake.matches() == null || intake.readBy() == null || intake.readBy().startsWith("deterministic")) {
            return List.of();
        }
        return intake.matches().lines().filter(line -> line.contains("(written by ")).toList();
    }

    /** The documents each earlier step cites (naming standard, governance policy, SLA pages), each once. */
    private static List<String> documentsUsed(TaskContext context, Outputs.Transform transform) {
        java.util.Set<String> documents = new java.util.LinkedHashSet<>();
        java.util.stream.Stream.of(transform.documents(),
                        context.upstream(StepKind.GOVERNANCE, Outputs.Governance.class).documents(),
                        context.upstream(StepKind.QUALITY, Outputs.Quality.class).documents(),
                        context.upstream(StepKind.SCHEDULE, Outputs.Schedule.class).documents())
                .filter(java.util.Objects::nonNull).forEach(documents::addAll);
        return List.copyOf(documents);
    }

    /** A titled list shown above the diff, or nothing when the list is empty. */
    private static String preamble(String title, List<String> lines) {
        return lines.isEmpty() ? "" : title + "\n" + String.join("\n", lines.stream().map(r -> "  " + r).toList()) + "\n\n";
    }

    /** Prod takes only a version of the models that staging built, and asks its own review. */
    private static TaskOutcome proposePromotion(TaskContext context, Target target, Change change) throws Exception {
        String mart = target.mart();
        Canary canary = change.canary();
        String version = Promotions.version(context.artifacts().files(target.branch()), DataProject.modelDir(mart));
        Promotions.Applied staged = context.tool("warehouse.promotions", "staging version " + version + " of " + mart,
                () -> Promotions.find(context.warehouse(), STAGING, mart, version));
        if (staged == null) {
            return TaskOutcome.failed("prod takes only what passed staging: this version of " + mart + "'s models (" + version
                    + ") was never applied to staging; run the goal with environment: staging first, then again for prod",
                    "no staging apply of version " + version);
        }
        String promotion = "Promote " + mart + " to prod: the models goal " + staged.goalId() + " applied to staging ("
                + version + ")" + (canary == null ? "" : "; canary " + (canary.withinTolerance() ? "within" : "OUTSIDE")
                + " tolerance: " + canary.summary());
        return TaskOutcome.succeeded("waiting for a reviewer: " + promotion)
                .withOutputs(new Outputs.Apply(null, null, null, null, canary == null ? "" : canary.summary(), staged.goalId(), null, null))
                .needsReview(ReviewKind.PROMOTION, promotion, change.diff());
    }

    /** A CHANGE review (with the canary's figures when there is one), or a CANARY review that holds a change outside the tolerance. */
    private static TaskOutcome proposeChange(Target target, Change change, CanaryPolicy policy) {
        Canary canary = change.canary();
        if (canary == null) {
            return TaskOutcome.succeeded("waiting for a reviewer: " + change.summary())
                    .needsReview(ReviewKind.CHANGE, change.summary(), change.diff());
        }
        Outputs.Apply measured = new Outputs.Apply(null, null, null, null, canary.summary(), null, null, null);
        if (canary.withinTolerance()) {
            String review = change.summary() + "; canary within tolerance: " + canary.summary();
            return TaskOutcome.succeeded("waiting for a reviewer: " + review).withOutputs(measured)
                    .needsReview(ReviewKind.CHANGE, review, change.diff());
        }
        String mart = target.mart();
        String environment = target.environment();
        String held = "Canary of " + mart + " in " + environment + " outside the "
                + String.format(java.util.Locale.ROOT, "%.1f%%", policy.tolerance() * 100) + " tolerance: " + canary.summary();
        return TaskOutcome.succeeded("held for review: " + held).withOutputs(measured)
                .needsReview(ReviewKind.CANARY, held + " (" + change.files() + " files changed)",
                        "canary: " + change.shadow() + "." + mart + " (shadow build) against " + environment + "." + mart + " (current)\n"
                                + canary.summary() + "\n\n" + change.diff());
    }

    /**
     * Merges the branch (a conflict fails with nothing merged), records the rollback point, builds, records the version,
     * then commits the environment's docs page to main ({@link DocsSite}; its failure leaves the apply standing).
     */
    private static TaskOutcome applyApproved(TaskContext context, Target target, String approvedBy, Canary canary) throws Exception {
        String mart = target.mart();
        String environment = target.environment();
        String branch = target.branch();
        String merge;
        try {
            merge = context.tool("git.merge", branch + " into main (approved by " + approvedBy + ")",
                    () -> context.artifacts().merge(branch, approvedBy, java.util.Set.of(DataProject.dag(mart))));
        } catch (ArtifactStore.MergeConflictException e) {
            return TaskOutcome.failed("cannot apply " + mart + ": " + e.getMessage() + "; another goal changed these files on main"
                    + " after this plan started. Nothing was merged or built; submit the goal again to plan it on the current main",
                    e.getMessage());
        }
        java.util.Map<String, String> files = context.artifacts().files(branch);
        List<String> relations = files.keySet().stream()
                .filter(path -> path.startsWith(DataProject.modelDir(mart) + "/") && path.endsWith(".sql"))
                .map(path -> path.substring(path.lastIndexOf('/') + 1, path.length() - ".sql".length()))
                .sorted().toList();
        List<RollbackPoints.Point> points = context.tool("warehouse.rollback_point", environment + ": " + String.join(", ", relations),
                () -> RollbackPoints.capture(context.warehouse(), context.planId(), environment, relations));
        context.progress("merged " + branch + "; building " + mart + " into " + environment, 0.3);
        DocsSite.DbtRun dbt = args -> environmentDbt(context, environment, args);
        Dbt.DbtResult built = dbt.run(TransformStep.withUpstream("build", mart));
        if (!built.ok()) {
            return TaskOutcome.failed("dbt build of " + mart + " into " + environment + " failed after merging " + merge + ": "
                    + built.reason("see the log"), built.detail())
                    .withOutputs(new Outputs.Apply(null, merge, null, null, null, null, null, null));
        }
        String version = Promotions.version(files, DataProject.modelDir(mart));
        context.tool("warehouse.promotions", "record " + environment + " version " + version + " of " + mart,
                () -> { Promotions.record(context.warehouse(), environment, mart, version, context.planId(), context.task().getMeta().getGoalId());
                        return null; });
        CatalogUpdates.applied(context, environment, relations);
        DocsSite.Published docs = DocsSite.publish(context, environment, approvedBy, dbt);
        String replaced = points.stream().filter(p -> !"absent".equals(p.kind())).map(p -> environment + "." + p.relation())
                .collect(java.util.stream.Collectors.joining(","));
        return TaskOutcome.succeeded("merged " + branch + " as " + merge + " (approved by " + approvedBy + ") and built "
                        + environment + "." + mart + docs.summary())
                .withOutputs(new Outputs.Apply(environment + "." + mart, merge, approvedBy, replaced, canary == null ? "" : canary.summary(),
                        null, docs.site(), docs.notGenerated()));
    }

    /** dbt into the environment: under the person's approval, or else the operator's promote-within-tolerance policy (the only other way here). */
    private static Dbt.DbtResult environmentDbt(TaskContext context, String environment, List<String> args) throws Exception {
        return context.approved() ? context.dbt(environment, args)
                : context.dbtUnderPolicy(environment, args, "dea.transform.canary.promote-within-tolerance");
    }
}
