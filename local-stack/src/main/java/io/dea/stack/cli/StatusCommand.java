package io.dea.stack.cli;

import io.dea.events.v1.PlanKind;
import io.dea.events.v1.PlanState;
import io.dea.platform.plan.PlanStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(name = "status", description = "The plan state of one goal (steps and their states, and its runs), of one run, "
        + "or a list of goals.")
final class StatusCommand implements Callable<Integer> {
    @Parameters(paramLabel = "GOAL_ID|RUN_ID", arity = "0..1")
    String goalId;
    @Option(names = "--json")
    boolean json;

    @Override
    public Integer call() throws Exception {
        StackConnection stack = CliStack.connect();
        if (goalId != null) {
            // The review service keeps every plan's state: one HTTP call, no Kafka client and topic replay.
            java.util.Optional<JsonNode> served = stack.servedStatus(goalId);
            if (served.isPresent()) {
                return show(served.get());
            }
        }
        Map<String, PlanState> plans = stack.planStates();
        if (goalId == null) {
            return list(plans);
        }
        PlanState plan = plans.get(goalId);
        if (plan == null) {
            System.err.println("dea: no goal " + goalId + " (it may still be on its way: try again in a moment)");
            return 1;
        }
        return show(PlanPrinter.JSON.valueToTree(PlanStatus.json(goalId, plan, PlanStatus.runsOf(goalId, plans.values()))));
    }

    private int list(Map<String, PlanState> plans) throws Exception {
        List<Map<String, Object>> list = new ArrayList<>();
        for (var e : plans.entrySet()) {
            if (e.getValue().getKind() == PlanKind.RUN) {
                continue; // runs are listed under their goal
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("goal_id", e.getKey());
            row.put("state", e.getValue().getState());
            row.put("mart", e.getValue().getGoal().getMart() == null ? null : e.getValue().getGoal().getMart().getName());
            row.put("updated_at", e.getValue().getUpdatedAt().toString());
            list.add(row);
        }
        if (json) {
            System.out.println(PlanPrinter.JSON.writeValueAsString(list));
        } else {
            list.forEach(r -> System.out.printf("%-26s %-16s %-20s %s%n", r.get("goal_id"), r.get("state"), r.get("mart"), r.get("updated_at")));
        }
        return 0;
    }

    private int show(JsonNode status) throws Exception {
        if (json) {
            System.out.println(PlanPrinter.JSON.writeValueAsString(status));
        } else {
            PlanPrinter.print(status);
        }
        return 0;
    }
}
