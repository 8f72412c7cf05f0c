package io.dea.ops.lifecycle;

import io.dea.platform.artifact.DataProject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What is eligible for removal, when: pure functions of the plans' states, what was found and the
 * clock. Anything not tied to a plan known to have ended stays: a schema or branch no plan state
 * names (it may belong to a plan whose state was not read yet), and everything of a plan still
 * going (a rollback in progress needs its rollback copies).
 */
public final class LifecycleRules {

    private LifecycleRules() {
    }

    public static List<Removal> select(Map<String, PlanEnd> plans, Leftovers found, Retention retention, Instant now) {
        List<Removal> removals = new ArrayList<>();
        found.sandboxSchemas().stream().sorted()
                .forEach(schema -> sandbox(plans, schema, retention, now).ifPresent(removals::add));
        found.planBranches().stream().sorted()
                .forEach(branch -> branch(plans, branch, retention, now).ifPresent(removals::add));
        found.rollbackPoints().forEach(point -> rollbackCopies(plans.get(point.planId()), point, retention, now)
                .ifPresent(removals::add));
        return removals;
    }

    /**
     * A sandbox goes once every plan whose sandbox it is has ended and its retention passed. Two
     * plan ids can share a schema name ({@code a-b}, {@code a_b}): a plan still going keeps it.
     */
    static Optional<Removal> sandbox(Map<String, PlanEnd> plans, String schema, Retention retention, Instant now) {
        List<PlanEnd> owners = plans.values().stream().filter(p -> DataProject.sandboxSchema(p.planId()).equals(schema)).toList();
        if (owners.isEmpty()) {
            return Optional.empty();
        }
        for (PlanEnd owner : owners) {
            if (ended(owner, retention, now).isEmpty()) {
                return Optional.empty();
            }
        }
        PlanEnd last = owners.get(owners.size() - 1);
        return Optional.of(new Removal(Removal.Kind.SANDBOX, schema, last.planId(), ended(last, retention, now).get(), Set.of()));
    }

    /** A plan's branch goes with its sandbox: merged, its commits stay reachable from main; unmerged, after the debugging window. */
    static Optional<Removal> branch(Map<String, PlanEnd> plans, String branch, Retention retention, Instant now) {
        String prefix = DataProject.branch("");
        if (!branch.startsWith(prefix)) {
            return Optional.empty();
        }
        PlanEnd plan = plans.get(branch.substring(prefix.length()));
        return Optional.ofNullable(plan).flatMap(p -> ended(p, retention, now))
                .map(why -> new Removal(Removal.Kind.BRANCH, branch, plan.planId(), why, Set.of()));
    }

    /**
     * Rollback copies go after their retention from the apply that made them, unless the plan is
     * still going; a rolled-back plan's go with its sandbox (a goal is rolled back once).
     */
    static Optional<Removal> rollbackCopies(PlanEnd plan, Leftovers.RollbackPoint point, Retention retention, Instant now) {
        if (plan != null && plan.ended().isEmpty()) {
            return Optional.empty();
        }
        if (plan != null && plan.ended().get() == PlanEnd.Ended.ROLLED_BACK) {
            return ended(plan, retention, now).map(why -> removal(point, why));
        }
        if (point.capturedAt().plus(retention.rollbackCopies()).isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(removal(point, "recorded " + point.capturedAt() + ", retention " + format(retention.rollbackCopies())
                + " passed; the goal can no longer be rolled back"));
    }

    /** Why the plan's sandbox and branch may go now, or empty while it runs or its retention has not passed. */
    static Optional<String> ended(PlanEnd plan, Retention retention, Instant now) {
        Optional<PlanEnd.Ended> end = plan.ended();
        if (end.isEmpty()) {
            return Optional.empty();
        }
        Duration keep = retention.sandboxOf(end.get());
        if (plan.updatedAt().plus(keep).isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of("plan " + plan.planId() + " " + end.get() + " at " + plan.updatedAt() + ", retention " + format(keep));
    }

    private static Removal removal(Leftovers.RollbackPoint point, String why) {
        return new Removal(Removal.Kind.ROLLBACK_COPIES, point.planId(), point.planId(), why, point.copies());
    }

    static String format(Duration d) {
        return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
