package io.dea.ops.lifecycle;

import java.util.Set;

/**
 * One thing the lifecycle removes, and why.
 *
 * @param kind   what it is
 * @param target the schema, the branch, or the plan whose rollback copies go
 * @param planId the ended plan it belonged to
 * @param why    for the log and {@code ./dea gc}: the plan's end and the retention that passed
 * @param copies for rollback copies, the {@code dea_meta} tables to drop
 */
public record Removal(Kind kind, String target, String planId, String why, Set<String> copies) {

    public enum Kind { SANDBOX, BRANCH, ROLLBACK_COPIES }

    /** One line of {@code ./dea gc}. */
    public String line() {
        String what = switch (kind) {
            case SANDBOX -> "sandbox schema " + target;
            case BRANCH -> "branch " + target;
            case ROLLBACK_COPIES -> "rollback copies of " + target + " (" + copies.size() + " tables)";
        };
        return what + ": " + why;
    }
}
