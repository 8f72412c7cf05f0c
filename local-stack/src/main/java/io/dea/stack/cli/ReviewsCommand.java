package io.dea.stack.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

@Command(name = "reviews", description = "List review gates: id, goal id, kind, summary, state.")
final class ReviewsCommand implements Callable<Integer> {
    @Option(names = "--pending")
    boolean pending;
    @Option(names = "--json")
    boolean json;

    @Override
    public Integer call() throws Exception {
        JsonNode reviews = CliStack.connect().reviews(pending, null);
        if (json) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (JsonNode r : reviews) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (String f : List.of("id", "goal_id", "kind", "summary", "state")) {
                    row.put(f, r.path(f).asString(null));
                }
                list.add(row);
            }
            System.out.println(PlanPrinter.JSON.writeValueAsString(list));
        } else {
            for (JsonNode r : reviews) {
                System.out.printf("%-16s %-26s %-11s %-9s %s%n", r.path("id").asString(""), r.path("goal_id").asString(""),
                        r.path("kind").asString(""), r.path("state").asString(""), PlanPrinter.oneLine(r.path("summary").asString("")));
            }
        }
        return 0;
    }
}
