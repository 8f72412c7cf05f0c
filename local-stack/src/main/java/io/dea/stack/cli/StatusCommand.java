package io.dea.stack.cli;

import io.dea.events.v1.PlanKind;
import io.dea.events.v1.PlanState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "status", description = "The plan state of one goal (steps and their states, and its runs), of one run, "
        + "or a list of goals.")
final class StatusCommand implements Callable<Integer> {
    @Parameters(paramLabel = "GOAL_ID|RUN_ID", arity = "0..1")
    String goalId;
    @Option(names = "--json")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Map<String, PlanState> plans = CliStack.connect().planStates();
        return goalId == null ? list(plans) : one(plans.get(goalId), PlanPrinter.runsOf(goalId, plans));
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

    private int one(PlanState plan, List<PlanState> runs) throws Exception {
        if (plan == null) {
            System.err.println("dea: no goal " + goalId + " (it may still be on its way: try again in a moment)");
            return 1;
        }
        if (json) {
            System.out.println(PlanPrinter.JSON.writeValueAsString(PlanPrinter.statusJson(goalId, plan, runs)));
        } else {
            PlanPrinter.printStatus(goalId, plan, runs);
        }
        return 0;
    }
}
