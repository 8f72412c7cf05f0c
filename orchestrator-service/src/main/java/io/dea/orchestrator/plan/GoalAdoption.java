package io.dea.orchestrator.plan;

import io.dea.platform.goal.InWords;
import io.dea.events.v1.GoalSpec;
import java.util.List;

/**
 * What the orchestrator does with the goal a person approved in an INTENT review: validates it as
 * if it had been submitted, and plans the steps that build it. Nothing a model or the interpreter
 * proposed skips the checks a submitted goal gets.
 */
public interface GoalAdoption {

    /** The steps that build the goal, or the reasons it cannot be planned (then no steps). */
    record Adopted(List<String> reasons, List<Step> steps) {
    }

    Adopted adopt(String goalId, GoalSpec goal);

    /** Validated by the goal validator, planned by the planner. */
    static GoalAdoption of(GoalValidator validator, Planner planner) {
        return (goalId, goal) -> {
            List<String> reasons = validator.reasons(goalId, goal);
            if (!reasons.isEmpty()) {
                return new Adopted(reasons, List.of());
            }
            if (goal.getMart() == null) {
                return new Adopted(List.of("the approved goal has no mart: give mart (name, grain, measures)"), List.of());
            }
            List<String> described = goal.getMart().getMeasures().stream().filter(InWords::measure).map(m -> m.getName()).toList();
            if (!described.isEmpty()) {
                return new Adopted(List.of("the approved goal still gives measure(s) " + String.join(", ", described)
                        + " only as a description: give each its agg and expr"), List.of());
            }
            if (!InWords.filters(goal.getMart()).isEmpty()) {
                return new Adopted(List.of("the approved goal still gives " + InWords.filters(goal.getMart()).size()
                        + " filter(s) only as a description: give each as an expression"), List.of());
            }
            return new Adopted(List.of(), planner.plan(goalId, "", "", goal, 0).steps());
        };
    }

    /**
     * The interpreter's proposal with the settings the words goal gave and the proposal left out
     * (schedule, freshness, owner, environment, budget, time zone): a person who wrote them meant them.
     */
    static GoalSpec withSettingsOf(GoalSpec words, GoalSpec proposal) {
        GoalSpec.Builder b = GoalSpec.newBuilder(proposal);
        if (proposal.getSchedule() == null) {
            b.setSchedule(words.getSchedule());
        }
        if (proposal.getFreshness() == null) {
            b.setFreshness(words.getFreshness());
        }
        if (proposal.getOwner() == null) {
            b.setOwner(words.getOwner());
        }
        if (proposal.getEnvironment() == null) {
            b.setEnvironment(words.getEnvironment());
        }
        if (proposal.getBudget() == null) {
            b.setBudget(words.getBudget());
        }
        if (proposal.getTimezone() == null) {
            b.setTimezone(words.getTimezone());
        }
        return b.build();
    }

    /** For a machine without a validator: refuses, so nothing unvalidated is ever planned. */
    GoalAdoption NONE = (goalId, goal) -> new Adopted(List.of("this orchestrator has no goal validator to check the approved goal"),
            List.of());
}
