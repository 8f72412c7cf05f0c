package io.dea.ops;

import io.dea.platform.step.Outputs;
import io.dea.events.v1.StepKind;
import io.dea.events.v1.BackfillSpec;
import io.dea.platform.agent.TaskContext;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.goal.Environment;
import io.dea.platform.goal.Identifiers;
import io.dea.platform.review.ReviewKind;
import io.dea.platform.warehouse.SqlText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code backfill} step: rebuilds the applied mart's rows for each day of the goal's range, one
 * chunk per day, oldest first.
 *
 * <p>A chunk is a DELETE of the day's rows and an INSERT of the mart's compiled SQL (the transform
 * step's, the model apply built) filtered to that day, in one warehouse transaction together with the
 * chunk's row in {@link BackfillChunks}. That is the simplest correct rebuild of one partition: it
 * needs no change to the dbt model (no date variables), and the mart's own SQL decides every
 * figure. A re-sent step (a retry after the service stopped, a re-delivery) skips recorded days.
 *
 * <p>Before running, the scan is estimated ({@link BackfillEstimate}); over
 * {@code dea.ops.backfill.review-over-bytes} a reviewer is asked first (review kind BACKFILL), and
 * the approved step runs it. With {@code dea.ops.airflow.url} set the days run in Airflow instead:
 * one DAG run per day with that day as logical date, each recorded once Airflow says it succeeded.
 */
final class BackfillStep {

    private static final Set<String> DATE_TYPES = Set.of("DATE", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP_NS",
            "TIMESTAMP_MS", "TIMESTAMP_S");

    private final OpsProperties properties;
    private final ShutdownSignal shutdown;

    BackfillStep(OpsProperties properties, ShutdownSignal shutdown) {
        this.properties = properties;
        this.shutdown = shutdown;
    }

    /** The applied mart's table, {@code schema.table}, and its two parts. */
    private record MartTable(String name, String schema, String table) {

        /** The apply step's table, else the environment's; null when it is not two safe identifiers. */
        static MartTable of(TaskContext context) {
            String name = context.upstream(StepKind.APPLY, Outputs.Apply.class).martTable();
            if (name == null) {
                name = environment(context) + "." + context.martName();
            }
            String[] parts = name.split("\\.");
            boolean valid = parts.length == 2 && Identifiers.isSafe(parts[0]) && Identifiers.isSafe(parts[1]);
            return valid ? new MartTable(name, parts[0], parts[1]) : new MartTable(name, null, null);
        }

        boolean valid() {
            return schema != null;
        }
    }

    /** What the step rebuilds: the mart table, the days and what scanning them is estimated to cost. */
    private record Backfill(MartTable mart, List<LocalDate> days, BackfillEstimate estimate) {

        String range() {
            return days.get(0) + ".." + days.get(days.size() - 1) + " (" + days.size() + " days)";
        }
    }

    TaskOutcome run(TaskContext context) throws Exception {
        BackfillSpec spec = context.goal().getBackfill();
        if (spec == null) {
            return TaskOutcome.failed("the goal asks for no backfill", "no backfill in the goal");
        }
        List<LocalDate> days = days(LocalDate.parse(spec.getStart().trim()), LocalDate.parse(spec.getEnd().trim()));
        MartTable mart = MartTable.of(context);
        if (!mart.valid()) {
            return TaskOutcome.failed("the applied mart table '" + mart.name() + "' is not schema.table", mart.name());
        }
        List<String> sources = context.sourceNames();
        BackfillEstimate estimate = context.tool("warehouse.sql", "estimate the scan of landing." + String.join(", landing.", sources),
                () -> context.warehouse().withConnection(c -> BackfillEstimate.of(c, sources, days.size())));
        Backfill backfill = new Backfill(mart, days, estimate);
        TaskOutcome proposal = propose(context, backfill);
        return proposal.review() != null ? proposal : apply(context, backfill);
    }

    /** Over {@code dea.ops.backfill.review-over-bytes} of scan, a BACKFILL review first; the approved step runs. */
    private TaskOutcome propose(TaskContext context, Backfill backfill) {
        long limit = properties.backfill().reviewOverBytes().toBytes();
        long bytes = backfill.estimate().totalBytes();
        String summary = "Backfill " + backfill.mart().name() + " " + backfill.range() + ": about " + human(bytes) + " scanned, over "
                + human(limit);
        return TaskOutcome.succeeded("waiting for a reviewer: " + summary)
                .withOutputs(new Outputs.Backfill(null, null, null, bytes, null, null))
                .heldForReview(context, bytes > limit, ReviewKind.BACKFILL, summary, plan(backfill));
    }

    /** Runs the days (in Airflow when it is configured, else in the warehouse) and says how they went. */
    private TaskOutcome apply(TaskContext context, Backfill backfill) throws Exception {
        String martTable = backfill.mart().name();
        List<LocalDate> days = backfill.days();
        Result result = properties.airflow().configured()
                ? viaAirflow(context, new AirflowClient(properties.airflow()), days, martTable)
                : inWarehouse(context, days, backfill.mart());
        if (!result.failedDays().isEmpty()) {
            return TaskOutcome.failed("backfill of " + martTable + ": " + result.failedDays().size() + " days failed in Airflow: "
                    + result.failedDays(), "failed days " + result.failedDays())
                    .withOutputs(new Outputs.Backfill(null, null, null, null, null, result.done()));
        }
        long bytes = backfill.estimate().totalBytes();
        return TaskOutcome.succeeded("backfilled " + martTable + " " + backfill.range() + " " + result.runner() + ": " + result.ran()
                        + " days run, " + (result.done() - result.ran()) + " already done; about " + human(bytes) + " scanned")
                .withOutputs(new Outputs.Backfill(martTable, days.size(), result.ran(), bytes, result.runner(), null));
    }

    /** How the days went: how many ran now, how many are done in all, and any Airflow failed. */
    record Result(String runner, int ran, int done, List<LocalDate> failedDays) {
    }

    private Result inWarehouse(TaskContext context, List<LocalDate> days, MartTable mart) throws Exception {
        String planId = context.planId();
        Set<LocalDate> finished = context.warehouse().withConnection(c -> BackfillChunks.finished(c, planId));
        String sql = context.upstream(StepKind.TRANSFORM, Outputs.Transform.class).compiledSql();
        if (sql == null || sql.isBlank()) {
            throw new IllegalStateException("the transform step gave no compiled_sql to rebuild " + mart.name() + " from");
        }
        String body = sql.strip().replaceAll(";+\\s*$", "");
        String dayColumn = context.warehouse().withConnection(c -> dayColumn(c, mart.schema(), mart.table(), grainColumns(context)));
        Chunk chunk = new Chunk(mart.name(), SqlText.qualified(mart.schema(), mart.table()), SqlText.identifier(dayColumn), body);
        int ran = 0;
        int done = finished.size();
        for (LocalDate day : days) {
            if (finished.contains(day)) {
                continue;
            }
            stopIfAsked(done, days.size());
            long rows = context.tool("warehouse.sql", "backfill " + mart.name() + " day " + day,
                    () -> context.warehouse().withConnection(c -> chunk.run(c, context, day)));
            ran++;
            done++;
            context.progress("backfilled " + mart.name() + " " + day + ": " + rows + " rows (" + done + " of " + days.size() + " days)",
                    (double) done / days.size());
            pause();
        }
        return new Result("in the warehouse", ran, done, List.of());
    }

    /** One day rebuilt in the warehouse: the mart's SQL for that day and the chunk's row, in one transaction. */
    private record Chunk(String martTable, String target, String column, String martSql) {

        long run(Connection c, TaskContext context, LocalDate day) throws SQLException {
            c.setAutoCommit(false);
            try {
                long written = rebuildDay(c, target, column, martSql, day);
                BackfillChunks.record(c, context.planId(), day, martTable, written, "warehouse", null, context.task().getAttempt());
                c.commit();
                return written;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** Replaces one day's rows of the mart with what the mart's SQL gives for that day. */
    static long rebuildDay(Connection c, String target, String column, String martSql, LocalDate day) throws SQLException {
        String date = "DATE " + SqlText.literal(day.toString());
        try (Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM " + target + " WHERE CAST(" + column + " AS DATE) = " + date);
            return s.executeUpdate("INSERT INTO " + target + " BY NAME SELECT * FROM (\n" + martSql + "\n) AS mart_day WHERE CAST(mart_day."
                    + column + " AS DATE) = " + date);
        }
    }

    /** How the Airflow runs are going: how many succeeded now, how many days are done in all, of how many. */
    private static final class Tally {
        int ran;
        int done;
        final int total;

        Tally(int done, int total) {
            this.done = done;
            this.total = total;
        }
    }

    private Result viaAirflow(TaskContext context, AirflowClient airflow, List<LocalDate> days, String martTable) throws Exception {
        String planId = context.planId();
        String dagId = context.upstream(StepKind.SCHEDULE, Outputs.Schedule.class).dagId();
        String dag = dagId == null ? "dea_" + context.martName() : dagId;
        Set<LocalDate> finished = context.warehouse().withConnection(c -> BackfillChunks.finished(c, planId));
        context.tool("airflow.unpause", dag, () -> {
            airflow.unpause(dag);
            return null;
        });
        Map<LocalDate, String> waiting = new LinkedHashMap<>();
        for (LocalDate day : days) {
            if (!finished.contains(day)) {
                String runId = "dea_backfill__" + planId + "__" + day;
                Map<String, Object> conf = Map.of("dea_plan_id", planId, "dea_backfill_day", day.toString(), "dea_mart_table", martTable);
                context.tool("airflow.trigger", dag + " " + runId, () -> airflow.trigger(dag, runId, day, conf));
                waiting.put(day, runId);
            }
        }
        Tally tally = new Tally(finished.size(), days.size());
        List<LocalDate> failed = await(context, airflow, dag, martTable, waiting, tally);
        return new Result("through Airflow DAG " + dag, tally.ran, tally.done, failed);
    }

    /** Polls the triggered runs until each succeeded or failed; answers the failed days. */
    private List<LocalDate> await(TaskContext context, AirflowClient airflow, String dag, String martTable,
                                  Map<LocalDate, String> waiting, Tally tally) throws Exception {
        List<LocalDate> failed = new ArrayList<>();
        Instant deadline = Instant.now().plus(properties.airflow().runTimeout());
        while (!waiting.isEmpty()) {
            poll(context, airflow, dag, martTable, waiting, tally, failed);
            if (waiting.isEmpty()) {
                break;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(waiting.size() + " Airflow runs of " + dag + " not finished after "
                        + properties.airflow().runTimeout() + ": " + waiting.values());
            }
            stopIfAsked(tally.done, tally.total);
            Thread.sleep(properties.airflow().pollInterval().toMillis());
        }
        return failed;
    }

    /** One look at every waiting run: a success is recorded as the day's chunk, a failure noted; both stop waiting. */
    private static void poll(TaskContext context, AirflowClient airflow, String dag, String martTable, Map<LocalDate, String> waiting,
                             Tally tally, List<LocalDate> failed) throws Exception {
        for (var it = waiting.entrySet().iterator(); it.hasNext(); ) {
            var run = it.next();
            String state = airflow.state(dag, run.getValue());
            if ("success".equals(state)) {
                context.warehouse().withConnection(c -> {
                    BackfillChunks.record(c, context.planId(), run.getKey(), martTable, null, "airflow", run.getValue(),
                            context.task().getAttempt());
                    return null;
                });
                it.remove();
                tally.ran++;
                tally.done++;
                context.progress("Airflow run " + run.getValue() + " succeeded (" + tally.done + " of " + tally.total + " days)",
                        (double) tally.done / tally.total);
            } else if ("failed".equals(state)) {
                failed.add(run.getKey());
                it.remove();
            }
        }
    }

    /** The mart's column to cut days on: the first grain column the mart stores as a date or timestamp. */
    static String dayColumn(Connection c, String schema, String table, List<String> grain) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("""
                SELECT column_name, data_type FROM information_schema.columns
                WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position""")) {
            s.setString(1, schema);
            s.setString(2, table);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getString(2).toUpperCase(Locale.ROOT));
                }
            }
        }
        if (types.isEmpty()) {
            throw new IllegalStateException("the mart " + schema + "." + table + " does not exist: the apply step builds it");
        }
        List<String> candidates = grain.isEmpty() ? new ArrayList<>(types.keySet()) : grain;
        for (String column : candidates) {
            if (types.containsKey(column) && DATE_TYPES.contains(types.get(column))) {
                return column;
            }
        }
        throw new IllegalStateException("the mart " + schema + "." + table + " has no date grain column to cut days on (grain "
                + candidates + ", columns " + types + ")");
    }

    private static List<String> grainColumns(TaskContext context) {
        List<String> grain = context.upstream(StepKind.TRANSFORM, Outputs.Transform.class).grainColumns();
        return grain == null ? List.of() : grain;
    }

    private void stopIfAsked(int done, int total) {
        if (shutdown.stopping()) {
            throw new IllegalStateException("the ops service is stopping after " + done + " of " + total
                    + " days; the retried step resumes from the next day");
        }
    }

    private void pause() throws InterruptedException {
        long millis = properties.backfill().pauseBetweenChunks().toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    static List<LocalDate> days(LocalDate start, LocalDate end) {
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate day = start; !day.isAfter(end); day = day.plusDays(1)) {
            days.add(day);
        }
        if (days.isEmpty()) {
            throw new IllegalArgumentException("backfill start " + start + " is after end " + end);
        }
        return days;
    }

    private static String environment(TaskContext context) {
        return Environment.of(context.task().getEnvironment());
    }

    /** What a reviewer sees: the days and the estimate's parts. */
    private static String plan(Backfill backfill) {
        List<LocalDate> days = backfill.days();
        BackfillEstimate estimate = backfill.estimate();
        return "rebuild " + backfill.mart().name() + " for " + days.size() + " days, " + days.get(0) + " to " + days.get(days.size() - 1)
                + ", one day per transaction\nestimated scan per day: " + human(estimate.bytesPerChunk()) + " (" + estimate.bytesPerChunk()
                + " bytes; sources read whole, row count x row width)\nestimated scan in all: " + human(estimate.totalBytes()) + " ("
                + estimate.totalBytes() + " bytes)\n";
    }

    static String human(long bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB", "PB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
