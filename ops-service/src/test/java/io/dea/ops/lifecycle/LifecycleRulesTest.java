package io.dea.ops.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What is eligible for removal, when: the rules as pure functions of plan states, leftovers and the clock. */
class LifecycleRulesTest {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final Retention DEFAULTS = new Retention(Duration.ZERO, Duration.ofDays(1), Duration.ofDays(7));

    private static PlanEnd plan(String id, String state, Duration ago) {
        return new PlanEnd(id, state, NOW.minus(ago));
    }

    private static List<Removal> select(Map<String, PlanEnd> plans, Leftovers found) {
        return LifecycleRules.select(plans, found, DEFAULTS, NOW);
    }

    private static Leftovers sandboxesAndBranches(String... planIds) {
        Set<String> schemas = new java.util.TreeSet<>();
        Set<String> branches = new java.util.TreeSet<>();
        for (String id : planIds) {
            schemas.add("sandbox_" + id.replace('-', '_'));
            branches.add("plan/" + id);
        }
        return new Leftovers(schemas, branches, List.of());
    }

    @Test
    void aCompletedPlansSandboxAndBranchGoAtOnceByDefault() {
        var removals = select(Map.of("g-1", plan("g-1", "COMPLETED", Duration.ZERO)), sandboxesAndBranches("g-1"));

        assertThat(removals).extracting(Removal::kind, Removal::target)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Removal.Kind.SANDBOX, "sandbox_g_1"),
                        org.assertj.core.groups.Tuple.tuple(Removal.Kind.BRANCH, "plan/g-1"));
        assertThat(removals.get(0).line()).contains("sandbox schema sandbox_g_1", "plan g-1 COMPLETED", "retention 0s");
    }

    @Test
    void aRolledBackPlanLeavesNothing() {
        var plans = Map.of("g-1", plan("g-1", "ROLLED_BACK", Duration.ofSeconds(1)));
        var found = new Leftovers(Set.of("sandbox_g_1"), Set.of("plan/g-1"),
                List.of(new Leftovers.RollbackPoint("g-1", NOW.minus(Duration.ofHours(1)), Set.of("rollback__g_1__m"))));

        assertThat(select(plans, found)).extracting(Removal::kind)
                .containsExactly(Removal.Kind.SANDBOX, Removal.Kind.BRANCH, Removal.Kind.ROLLBACK_COPIES);
    }

    @Test
    void failedAndRejectedPlansKeepTheirSandboxForTheDebuggingWindow() {
        var plans = Map.of("f", plan("f", "FAILED", Duration.ofHours(23)), "r", plan("r", "REJECTED", Duration.ofHours(25)));

        assertThat(select(plans, sandboxesAndBranches("f", "r"))).extracting(Removal::target)
                .containsExactly("sandbox_r", "plan/r");
    }

    @Test
    void aRetentionMakesCompletedPlansWaitToo() {
        var retention = new Retention(Duration.ofHours(2), Duration.ofDays(1), Duration.ofDays(7));
        var plans = Map.of("a", plan("a", "COMPLETED", Duration.ofHours(1)), "b", plan("b", "COMPLETED", Duration.ofHours(3)));

        assertThat(LifecycleRules.select(plans, sandboxesAndBranches("a", "b"), retention, NOW)).extracting(Removal::target)
                .containsExactly("sandbox_b", "plan/b");
    }

    @Test
    void plansStillGoingAndSchemasNoPlanNamesAreLeftAlone() {
        var plans = Map.of("run", plan("run", "RUNNING", Duration.ofDays(30)), "wait", plan("wait", "AWAITING_REVIEW", Duration.ofDays(30)));
        var found = new Leftovers(Set.of("sandbox_run", "sandbox_wait", "sandbox_stranger"), Set.of("plan/run", "plan/stranger", "main"),
                List.of());

        assertThat(select(plans, found)).isEmpty();
    }

    @Test
    void aSchemaTwoPlanIdsShareStaysWhileEitherIsGoing() {
        var plans = Map.of("a-b", plan("a-b", "COMPLETED", Duration.ofDays(2)), "a_b", plan("a_b", "RUNNING", Duration.ZERO));

        assertThat(select(plans, new Leftovers(Set.of("sandbox_a_b"), Set.of(), List.of()))).isEmpty();
    }

    @Test
    void rollbackCopiesOfACompletedGoalStayForTheirRetentionFromTheApply() {
        var plans = Map.of("young", plan("young", "COMPLETED", Duration.ofDays(10)), "old", plan("old", "COMPLETED", Duration.ofDays(10)));
        var found = new Leftovers(Set.of(), Set.of(), List.of(
                new Leftovers.RollbackPoint("young", NOW.minus(Duration.ofDays(6)), Set.of("rollback__young__m")),
                new Leftovers.RollbackPoint("old", NOW.minus(Duration.ofDays(8)), Set.of("rollback__old__m"))));

        var removals = select(plans, found);

        assertThat(removals).extracting(Removal::target).containsExactly("old");
        assertThat(removals.get(0).copies()).containsExactly("rollback__old__m");
        assertThat(removals.get(0).why()).contains("can no longer be rolled back");
    }

    @Test
    void rollbackCopiesOfAPlanRollingBackNowAreKeptWhateverTheirAge() {
        var plans = Map.of("g", plan("g", "RUNNING", Duration.ZERO));
        var found = new Leftovers(Set.of(), Set.of(),
                List.of(new Leftovers.RollbackPoint("g", NOW.minus(Duration.ofDays(30)), Set.of("rollback__g__m"))));

        assertThat(select(plans, found)).isEmpty();
    }

    @Test
    void gcTakesEndedPlansAtOnceButKeepsRollbackCopiesForTheirRetention() {
        var plans = Map.of("f", plan("f", "FAILED", Duration.ofMinutes(1)));
        var found = new Leftovers(Set.of("sandbox_f"), Set.of("plan/f"),
                List.of(new Leftovers.RollbackPoint("f", NOW.minus(Duration.ofMinutes(2)), Set.of("rollback__f__m"))));

        assertThat(LifecycleRules.select(plans, found, Retention.forGc(Duration.ofDays(7)), NOW)).extracting(Removal::kind)
                .containsExactly(Removal.Kind.SANDBOX, Removal.Kind.BRANCH);
    }
}
