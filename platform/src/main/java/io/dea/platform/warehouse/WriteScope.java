package io.dea.platform.warehouse;

import io.dea.platform.artifact.DataProject;
import io.dea.platform.goal.Environment;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one task may change in the warehouse. Agents write freely where nothing shared lives:
 * {@code landing} (staged copies of sources), the plan's own {@code sandbox_<plan>}, the JDBC
 * staging scratch {@code dea_stage} and the platform's {@code dea_meta}. The environment schemas ({@code dev}, {@code staging}, {@code prod})
 * are written only by an approved step, and only the environment the task was approved for.
 * Destructive DDL needs the approval too, except in the plan's own sandbox and dea_stage
 * (nothing shared is there) and for the one reload ingestion does: replacing {@code landing.<source>} of one of the
 * goal's own sources, whose source is the backup.
 *
 * @param environment       the environment the task targets (dev, staging or prod)
 * @param sandboxSchema     the plan's own schema
 * @param approvedBy        who approved the step, or null
 * @param reloadableLanding landing tables this task may replace without approval (lower case)
 * @param droppableMeta     {@code dea_meta} tables this scope may drop (lower case): only the lifecycle
 *                          cleaner's, for one plan's rollback copies
 */
public record WriteScope(String environment, String sandboxSchema, String approvedBy, Set<String> reloadableLanding,
                         Set<String> droppableMeta) {

    /** Where the platform keeps its own records (ledger, watermarks, query history). */
    public static final String META_SCHEMA = "dea_meta";
    /** Where ingestion stages rows read over JDBC before they go to landing: scratch, read by nobody else. */
    public static final String STAGE_SCHEMA = "dea_stage";

    public WriteScope {
        environment = Environment.of(environment);
        sandboxSchema = sandboxSchema.toLowerCase(Locale.ROOT);
        reloadableLanding = reloadableLanding.stream().map(t -> t.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        droppableMeta = droppableMeta.stream().map(t -> t.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    public WriteScope(String environment, String sandboxSchema, String approvedBy, Set<String> reloadableLanding) {
        this(environment, sandboxSchema, approvedBy, reloadableLanding, Set.of());
    }

    /**
     * The lifecycle cleaner's scope for one ended plan: unapproved, so no environment and no landing
     * table can be written or dropped; it may drop the plan's own sandbox and the listed rollback copies.
     */
    public static WriteScope forCleanup(String planId, Set<String> rollbackCopies) {
        return new WriteScope(Environment.DEFAULT, DataProject.sandboxSchema(planId), null, Set.of(), rollbackCopies);
    }

    /** The scope of a task of a plan: reloads of its sources' landing tables only for the ingestion agent. */
    public static WriteScope forTask(String planId, String environment, String approvedBy, String agent, Set<String> sources) {
        return new WriteScope(environment, DataProject.sandboxSchema(planId), approvedBy,
                "ingestion".equals(agent) ? sources : Set.of());
    }

    /** This scope approved by an operator's policy instead of a person (the audit names the policy). */
    public WriteScope approvedByPolicy(String policy) {
        return new WriteScope(environment, sandboxSchema, "policy " + policy, reloadableLanding, droppableMeta);
    }

    public boolean approved() {
        return approvedBy != null;
    }

    /**
     * Why dbt may not build into the schema under this scope, or null when it may. dbt is a
     * subprocess the JDBC gate cannot see, so the schema it builds into is checked before it starts:
     * the plan's sandbox, or the task's environment once approved.
     */
    public String refusesDbtBuild(String schema) {
        String lower = schema.toLowerCase(Locale.ROOT);
        if (lower.equals(sandboxSchema) || Environment.isShared(lower)) {
            return refusesWrite(lower);
        }
        return "dbt builds only into " + sandboxSchema + " or an approved environment, not into " + schema;
    }

    /** Why this scope may not write the schema, or null when it may. */
    String refusesWrite(String schema) {
        if (schema.equals(sandboxSchema) || schema.equals(STAGE_SCHEMA) || schema.equals(DataProject.LANDING_SCHEMA)
                || schema.equals(META_SCHEMA)) {
            return null;
        }
        if (Environment.isShared(schema)) {
            if (!approved()) {
                return "schema " + schema + " is a shared environment: only an approved step writes it";
            }
            return schema.equals(environment) ? null
                    : "this step was approved for " + environment + ", not for " + schema;
        }
        return "schema " + schema + " is not one agents write (" + sandboxSchema + ", landing, dea_meta, or an approved environment)";
    }

    /** Why this scope may not drop, truncate or replace the object, or null when it may. */
    String refusesDestruction(String schema, String name, boolean replaceOnly) {
        if (approved() || schema.equals(sandboxSchema) || schema.equals(STAGE_SCHEMA)) {
            return null;
        }
        if (schema.equals(META_SCHEMA) && name != null && droppableMeta.contains(name)) {
            return null;
        }
        if (replaceOnly && schema.equals(DataProject.LANDING_SCHEMA) && name != null && reloadableLanding.contains(name)) {
            return null;
        }
        return "destructive DDL on " + schema + (name == null ? "" : "." + name) + " needs an approved step";
    }
}
