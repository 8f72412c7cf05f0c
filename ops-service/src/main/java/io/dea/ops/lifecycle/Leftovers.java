package io.dea.ops.lifecycle;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What plans left in the warehouse and the data project, as found there (not yet judged).
 *
 * @param sandboxSchemas every {@code sandbox_*} schema of the warehouse
 * @param planBranches   every {@code plan/*} branch of the data project
 * @param rollbackPoints the plans' rollback points
 */
public record Leftovers(Set<String> sandboxSchemas, Set<String> planBranches, List<RollbackPoint> rollbackPoints) {

    /** One plan's rollback point: when its apply recorded it, and the table copies it made. */
    public record RollbackPoint(String planId, Instant capturedAt, Set<String> copies) {
    }
}
