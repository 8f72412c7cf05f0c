package io.dea.ingestion;

import io.dea.events.v1.EventMeta;
import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.TaskRequested;
import io.dea.platform.step.StepRef;
import io.dea.platform.testing.TestTasks;
import java.util.Map;

/**
 * Tasks of one goal run as several plans (a re-plan, a scheduled run): TestTasks names the goal after
 * the plan, but a landing table's readers are goals, and a goal re-planned is still one reader.
 */
final class OneGoal {

    static final String GOAL_ID = "goal-shop";

    private OneGoal() {
    }

    static TaskRequested task(TestTasks tasks, String planId, StepRef step, String agent, GoalSpec goal, Map<String, String> inputs) {
        return asGoal(tasks.task(planId, step, agent, goal, inputs), GOAL_ID);
    }

    static TaskRequested asGoal(TaskRequested task, String goalId) {
        return TaskRequested.newBuilder(task).setMeta(EventMeta.newBuilder(task.getMeta()).setGoalId(goalId).build()).build();
    }
}
