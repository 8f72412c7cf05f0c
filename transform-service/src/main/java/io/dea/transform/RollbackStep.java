package io.dea.transform;

import io.dea.platform.step.Outputs;
import io.dea.events.v1.StepKind;
import io.dea.platform.agent.TaskContext;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.goal.Environment;
import io.dea.platform.goal.Identifiers;
import io.dea.platform.warehouse.SqlText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Step {@code rollback}, added to a completed plan when a person asks for it ({@code ./dea
 * rollback}); the request is its approval. It reverts the apply's merge on main, and puts the
 * environment back as {@link RollbackPoints} recorded it before the apply: relations the apply
 * created are dropped, tables it replaced get their old rows back, views their old definition.
 * Run again (a re-delivery, or a retry after a failure) it finds the revert done and the same
 * points, so it does the same and nothing more.
 */
final class RollbackStep {

    private RollbackStep() {
    }

    /**
     * In one transaction: every relation the apply touched is dropped as whatever it is now (table
     * or view), then tables get their old rows back and views their old definition.
     */
    private static Void restore(Connection c, String environment, List<RollbackPoints.Point> points) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement statement = c.createStatement()) {
            for (RollbackPoints.Point point : points) {
                String now = currentKind(c, environment, point.relation());
                if (now != null) {
                    statement.execute("DROP " + now + " " + SqlText.qualified(environment, point.relation()));
                }
            }
            for (RollbackPoints.Point point : points) {
                if ("table".equals(point.kind())) {
                    statement.execute("CREATE TABLE " + SqlText.qualified(environment, point.relation())
                            + " AS SELECT * FROM " + point.backupTable());
                }
            }
            for (RollbackPoints.Point point : points) {
                if ("view".equals(point.kind()) && point.viewSql() != null) {
                    statement.execute(point.viewSql().strip().replaceAll(";$", ""));
                }
            }
            c.commit();
            return null;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** TABLE, VIEW, or null when the relation is not there. */
    private static String currentKind(Connection c, String schema, String relation) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT table_type FROM information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
            ps.setString(1, schema);
            ps.setString(2, relation);
            try (ResultSet rs = ps.executeQuery()) {
                return !rs.next() ? null : "VIEW".equals(rs.getString(1)) ? "VIEW" : "TABLE";
            }
        }
    }

    static TaskOutcome run(TaskContext context) throws Exception {
        String merge = context.upstream(StepKind.APPLY, Outputs.Apply.class).mergeCommit();
        if (merge == null || merge.isBlank()) {
            return TaskOutcome.failed("the goal's apply step merged nothing, so there is nothing to roll back", "no merge_commit");
        }
        if (!context.approved()) {
            return TaskOutcome.failed("a rollback runs only when a person asked for it", "no approval");
        }
        String environment = Identifiers.require("environment",
                Environment.of(context.task().getEnvironment()));
        String who = context.task().getApprovedBy();
        List<RollbackPoints.Point> points = RollbackPoints.recorded(context.warehouse(), context.planId());
        if (points.isEmpty()) {
            return TaskOutcome.failed("the apply of this goal recorded no rollback point; roll it back by hand",
                    "no rows for plan " + context.planId() + " in " + RollbackPoints.TABLE);
        }

        String revert = context.tool("git.revert", merge + " on main (asked by " + who + ")",
                () -> context.artifacts().revert(merge, who));
        context.progress("reverted " + merge + " as " + revert + "; restoring " + environment, 0.3);

        List<String> dropped = new ArrayList<>();
        List<String> restored = new ArrayList<>();
        for (RollbackPoints.Point point : points) {
            ("absent".equals(point.kind()) ? dropped : restored).add(environment + "." + point.relation());
        }
        String plan = points.stream().map(p -> p.relation() + ": " + ("absent".equals(p.kind()) ? "drop"
                : "table".equals(p.kind()) ? "restore rows from " + p.backupTable() : "restore view")).reduce((x, y) -> x + "; " + y).orElse("");
        context.tool("warehouse.restore", environment + ": " + plan,
                () -> context.warehouse().withConnection(c -> restore(c, environment, points)));
        return TaskOutcome.succeeded("reverted " + merge + " on main as " + revert
                        + (dropped.isEmpty() ? "" : "; dropped " + String.join(", ", dropped))
                        + (restored.isEmpty() ? "" : "; restored " + String.join(", ", restored)))
                .withOutputs(new Outputs.Rollback(revert, String.join(",", dropped), String.join(",", restored)));
    }
}
