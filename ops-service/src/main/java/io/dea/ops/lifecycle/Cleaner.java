package io.dea.ops.lifecycle;

import io.dea.platform.artifact.ArtifactStore;
import io.dea.platform.warehouse.GuardedWarehouse;
import io.dea.platform.warehouse.SqlText;
import io.dea.platform.warehouse.Warehouse;
import io.dea.platform.warehouse.WriteScope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds what ended plans left and removes what {@link LifecycleRules} selects. Every drop goes
 * through the write gate under {@link WriteScope#forCleanup}: the one plan's sandbox and its listed
 * rollback copies, nothing else (no environment, no landing, no other plan). Every removal is
 * idempotent ({@code IF EXISTS}, a missing branch is no error) and stands alone: one that fails is
 * logged and found again on the next pass.
 */
public final class Cleaner {

    private static final Logger log = LoggerFactory.getLogger(Cleaner.class);

    private final Warehouse warehouse;
    private final ArtifactStore artifacts;

    public Cleaner(Warehouse warehouse, ArtifactStore artifacts) {
        this.warehouse = warehouse;
        this.artifacts = artifacts;
    }

    /** One removal and how it went: error is null when it was done. */
    public record Outcome(Removal removal, String error) {
    }

    /** What is eligible now, judged against these plan states. */
    public List<Removal> eligible(Map<String, PlanEnd> plans, Retention retention, Instant now) {
        Leftovers found = new Leftovers(WarehouseLeftovers.sandboxSchemas(warehouse),
                Set.copyOf(artifacts.branches("plan/")), WarehouseLeftovers.rollbackPoints(warehouse));
        return LifecycleRules.select(plans, found, retention, now);
    }

    public List<Outcome> remove(List<Removal> removals) {
        List<Outcome> outcomes = new ArrayList<>();
        for (Removal removal : removals) {
            try {
                removeOne(removal);
                log.info("Removed {}", removal.line());
                outcomes.add(new Outcome(removal, null));
            } catch (RuntimeException e) {
                log.warn("Could not remove {} (tried again on the next pass): {}", removal.line(), e.getMessage());
                outcomes.add(new Outcome(removal, String.valueOf(e.getMessage())));
            }
        }
        return outcomes;
    }

    private void removeOne(Removal removal) {
        switch (removal.kind()) {
            case SANDBOX -> scoped(removal, Set.of()).withConnection(c -> execute(c,
                    "DROP SCHEMA IF EXISTS " + SqlText.identifier(removal.target()) + " CASCADE"));
            case BRANCH -> artifacts.deleteBranch(removal.target());
            case ROLLBACK_COPIES -> scoped(removal, removal.copies()).withConnection(c -> prune(c, removal));
        }
    }

    private GuardedWarehouse scoped(Removal removal, Set<String> copies) {
        return new GuardedWarehouse(warehouse, WriteScope.forCleanup(removal.planId(), copies));
    }

    /** In one transaction: the copies, the plan's points, and a note that they were pruned (for {@code ./dea rollback}). */
    private static Void prune(Connection c, Removal removal) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (String copy : removal.copies()) {
                s.execute("DROP TABLE IF EXISTS " + SqlText.qualified(WriteScope.META_SCHEMA, copy));
            }
            s.execute("CREATE TABLE IF NOT EXISTS " + WarehouseLeftovers.PRUNED + " (plan_id VARCHAR, pruned_at TIMESTAMPTZ, why VARCHAR)");
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + WarehouseLeftovers.POINTS + " WHERE plan_id = ?");
                 PreparedStatement note = c.prepareStatement("INSERT INTO " + WarehouseLeftovers.PRUNED + " VALUES (?, now(), ?)")) {
                delete.setString(1, removal.planId());
                delete.executeUpdate();
                note.setString(1, removal.planId());
                note.setString(2, removal.why());
                note.executeUpdate();
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

    private static Void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
        return null;
    }
}
