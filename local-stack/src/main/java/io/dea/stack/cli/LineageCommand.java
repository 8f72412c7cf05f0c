package io.dea.stack.cli;

import io.dea.platform.lineage.LineageGraph;
import io.dea.platform.lineage.LineageGraphAnswer;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "lineage", description = "What feeds a table (upstream, the default) or what it feeds (downstream), down to the "
        + "source files, URLs and JDBC tables, from the OpenLineage events on dea.lineage.")
final class LineageCommand implements Callable<Integer> {
    @Parameters(paramLabel = "TABLE", description = "schema.table (dev.daily_revenue, landing.orders), a table name alone when "
            + "only one schema has it, or a source file's path")
    String table;
    @Option(names = "--upstream", description = "what the table is built from (the default)")
    boolean upstream;
    @Option(names = "--downstream", description = "what is built from the table")
    boolean downstream;
    @Option(names = "--columns", description = "also the column edges: which input column each column comes from")
    boolean columns;
    @Option(names = "--json")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (upstream && downstream) {
            throw new CliException("give --upstream or --downstream, not both");
        }
        LineageGraphAnswer answer = lineage(CliStack.connect().lineage(), table,
                downstream ? LineageGraph.Direction.DOWNSTREAM : LineageGraph.Direction.UPSTREAM, columns);
        if (json) {
            System.out.println(PlanPrinter.JSON.writeValueAsString(answer.toJson()));
        } else {
            print(answer, System.out);
        }
        return 0;
    }

    /** The answer, or the graph's reason (no such table, or several) as the CLI's one-line error. */
    static LineageGraphAnswer lineage(LineageGraph graph, String table, LineageGraph.Direction direction, boolean columns) {
        try {
            return graph.lineage(table, direction, columns);
        } catch (LineageGraph.UnknownTable e) {
            throw new CliException(e.getMessage());
        }
    }

    /** An indented tree, nearest first; a dataset reached twice is expanded once. */
    static void print(LineageGraphAnswer answer, PrintStream out) {
        Map<String, String> kinds = new HashMap<>();
        answer.nodes().forEach(n -> kinds.put(n.name(), n.kind().label()));
        out.println(answer.table().name() + " (" + answer.table().kind().label() + "), " + answer.direction().label());
        if (answer.nodes().isEmpty()) {
            out.println("  nothing " + answer.direction().label() + " of it on dea.lineage");
        }
        Set<String> expanded = new HashSet<>();
        for (String child : answer.next().getOrDefault(answer.table().name(), List.of())) {
            printTree(answer, kinds, child, 1, expanded, out);
        }
        if (answer.columns() != null) {
            out.println("columns:");
            answer.columns().forEach(c -> out.println("  " + c.table() + "." + c.column() + " <- " + c.fromTable() + "." + c.fromColumn()
                    + (c.transformation() == null ? "" : " (" + c.transformation() + ")")));
        }
        if (!answer.alsoLoaded().isEmpty()) {
            out.println("also loaded by the plan that built it, not read by it:");
            answer.alsoLoaded().forEach(a -> out.println("  " + a.name() + " (" + a.kind().label() + ") -> " + a.into()));
        }
    }

    private static void printTree(LineageGraphAnswer answer, Map<String, String> kinds, String node, int depth, Set<String> expanded,
                                  PrintStream out) {
        List<String> children = answer.next().getOrDefault(node, List.of());
        boolean again = !expanded.add(node);
        out.println("  ".repeat(depth) + node + " (" + kinds.get(node) + ")" + (again && !children.isEmpty() ? " ..." : ""));
        if (!again) {
            children.forEach(child -> printTree(answer, kinds, child, depth + 1, expanded, out));
        }
    }
}
