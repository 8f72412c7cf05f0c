package io.dea.platform.step;

import io.dea.platform.goal.ColumnNames;
import io.dea.platform.goal.KeyList;
import io.dea.platform.goal.Relationships;
import java.math.BigDecimal;
import java.util.List;

/**
 * Each step kind's outputs, one record each, written and read through {@link StepOutputs} (the keys
 * are the components in snake_case; docs/agents.md lists them and a test holds the two together). A
 * null component is an output the step did not write on that path.
 */
public final class Outputs {

    private Outputs() {
    }

    /** INGEST. {@code rowsRead}, {@code pages}, {@code pagination} and {@code httpRetries} come from JDBC and HTTP reads;
     *  {@code filesLoaded} (files read by this load) from file sources without an incremental key. */
    public record Ingest(String table, Long rows, Long rowsLoaded, Long bytes, String columns, String loadMode,
                         String watermark, String schemaDrift, Long rowsRead, Long pages, String pagination, Long httpRetries,
                         Long filesLoaded) {
    }

    /** MODEL. {@code primaryKeys} is empty when no key was found; {@code profiles} is one line per column. */
    public record Model(KeyList primaryKeys, Relationships relationships, String sourcesPath, String dbtSource,
                       KeyList stagingModels, ColumnNames columnNames, KeyList proposedModels, String namingPath, String profiles) {
    }

    /** TRANSFORM. {@code grainColumns} are the mart's grain as its columns are named, read by quality and backfill;
     *  {@code renamedColumns} one line per mart column named unlike staging, shown in the apply's review;
     *  {@code reused} one line per staging model of another mart the mart selects from instead of writing its own;
     *  {@code documents} cites the naming standard its staging names and casts follow ({@code naming.yml@1a2b3c4}). */
    public record Transform(String modelPath, String stagingPaths, String materialization, String materializationReason,
                            String casts, String compiledSql, List<String> grainColumns, List<String> renamedColumns,
                            List<String> reused, List<String> documents) {
    }

    /** GOVERNANCE. {@code documents} cites each policy document applied ({@code docs/pii-policy.md@1a2b3c4}). */
    public record Governance(String piiColumns, String maskedViews, String exposedColumns, List<String> documents) {
    }

    /** COST. The {@code ran*} outputs only when the mart's SQL was run under EXPLAIN ANALYZE. */
    public record Cost(Long estimatedBytes, Long budgetBytes, BigDecimal estimatedUsd, String estimateMethod,
                       Long bigqueryJobsRecorded, Double ranSeconds, Long ranBytesScanned, Long ranRowsScanned,
                       Long ranRowsReturned, String advice) {
    }

    /** QUALITY. {@code documents} cites the SLA pages whose freshness the tests check (none when the goal's applies). */
    public record Quality(Integer tests, String testNames, Integer failures, Integer warnings, String triage, String proposedFixes,
                          List<String> documents) {
    }

    /** SCHEDULE. {@code documents} cites the SLA pages whose freshness bounds the DAG run (none when the goal's applies). */
    public record Schedule(String dagPath, String dagId, List<String> documents) {
    }

    /** APPLY. {@code mergeCommit} is set once the approved change was merged; after a successful build either
     *  {@code docsSite} (dbt's docs page on main, {@code docs/site/<environment>/index.html@<commit>}) or
     *  {@code docsNotGenerated} (why not; the apply stands). */
    public record Apply(String martTable, String mergeCommit, String approvedBy, String replaced, String canary, String promotedFrom,
                        String docsSite, String docsNotGenerated) {
    }

    /** BACKFILL. {@code chunksDone} only when days failed in Airflow. */
    public record Backfill(String martTable, Integer chunks, Integer chunksRun, Long estimatedBytes, String runner, Integer chunksDone) {
    }

    public record Rollback(String revertCommit, String dropped, String restored) {
    }

    /**
     * INTAKE: {@code proposedGoal} is the structured goal the words were read as (goal YAML, what the
     * INTENT review shows and its approval submits); {@code matches} one line per part saying what it
     * was matched from; {@code questions} one line per word it could not match, or matched too closely
     * to two things, left out of the proposal; {@code readBy} who read the words: the configured model
     * ({@code openai gpt-4o-mini, prompt intake@v1}) or the deterministic grammar, with why when a model's answer was not used.
     */
    public record Intake(String proposedGoal, String matches, String questions, String readBy) {
    }

    /** BUILD (a run): the environment's mart rebuilt from {@code commit} of main, with how many models and tests dbt ran. */
    public record Build(String martTable, String commit, Integer models, Integer tests) {
    }
}
