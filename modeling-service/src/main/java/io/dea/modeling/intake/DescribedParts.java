package io.dea.modeling.intake;

import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.MartSpec;
import io.dea.events.v1.MeasureSpec;
import io.dea.platform.agent.TaskContext;
import io.dea.platform.goal.Aggregate;
import io.dea.platform.goal.InWords;
import io.dea.platform.llm.ModelAnswer;
import io.dea.platform.llm.Prompt;
import io.dea.platform.llm.RecordSchemas;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Measures and filters given only in words ({@code description:} without {@code expr:}): the configured
 * model writes each measure's aggregate and expression and each filter's condition over the goal's landed
 * columns (JSON of a schema derived from {@link MeasureSpec}'s record), each checked as a person's
 * expression would be, and the goal with them filled in goes to the INTENT review, each marked as written
 * by the model with what it was shown.
 */
final class DescribedParts {

    static final Prompt PROMPT = Prompt.load(DescribedParts.class, "described");
    static final JsonSchema SCHEMA = JsonSchema.builder().name("described").rootElement(JsonObjectSchema.builder()
            .addProperty("measures", JsonArraySchema.builder().items(RecordSchemas.of(MeasureSpec.getClassSchema())).build())
            .addProperty("filters", JsonArraySchema.builder().items(JsonObjectSchema.builder()
                    .addStringProperty("description").addStringProperty("expr")
                    .required("description", "expr").additionalProperties(false).build()).build())
            .required("measures", "filters").additionalProperties(false).build()).build();

    private DescribedParts() {
    }

    static Proposal propose(TaskContext context, GoalSpec goal, List<LandedTable> tables) throws Exception {
        MartSpec given = goal.getMart();
        List<MeasureSpec> described = given.getMeasures().stream().filter(InWords::measure).toList();
        String words = java.util.stream.Stream.concat(described.stream().map(MeasureSpec::getDescription),
                InWords.filters(given).stream()).collect(Collectors.joining("; "));
        ModelIntake.Retrieved retrieved = ModelIntake.retrieve(context, words);
        ModelAnswer answer = context.askModel(PROMPT, question(goal, described, tables) + retrieved.prompt(), SCHEMA);
        String by = "written by " + context.model().orElseThrow().describe() + ", prompt " + PROMPT.ref() + ", shown the columns of "
                + tables.stream().map(LandedTable::name).collect(Collectors.joining(", ")) + retrieved.cited();
        JsonNode root = ModelProposals.parse(answer.text(), Set.of("measures", "filters"));
        ModelProposals.template(root, "answer");
        Map<String, MeasureSpec> written = measures(root.path("measures"), described, tables);
        Map<String, String> filters = filters(root.path("filters"), InWords.filters(given), tables);
        List<MeasureSpec> measures = new ArrayList<>();
        List<String> matches = new ArrayList<>();
        for (MeasureSpec m : given.getMeasures()) {
            MeasureSpec w = written.get(m.getName());
            measures.add(w == null ? m : w);
            if (w != null) {
                matches.add("measure " + w.getName() + ": " + w.getAgg() + "(" + w.getExpr() + ") from '" + m.getDescription() + "' (" + by + ")");
            }
        }
        filters.forEach((text, expr) -> matches.add("filter: " + expr + " from '" + text + "' (" + by + ")"));
        List<String> allFilters = new ArrayList<>(given.getFilters() == null ? List.of() : given.getFilters());
        allFilters.addAll(filters.values());
        MartSpec mart = MartSpec.newBuilder(given).setMeasures(measures).setFilters(allFilters.isEmpty() ? null : allFilters)
                .setDescribedFilters(null).build();
        return new Proposal(GoalSpec.newBuilder(goal).setMart(mart).build(), matches, List.of());
    }

    static String question(GoalSpec goal, List<MeasureSpec> described, List<LandedTable> tables) {
        List<String> filters = InWords.filters(goal.getMart());
        return "Mart " + goal.getMart().getName() + ", grain " + String.join(", ", goal.getMart().getGrain()) + ".\n\nMeasures to write:\n"
                + (described.isEmpty() ? "none" : described.stream().map(m -> "- " + m.getName() + (m.getAgg().isBlank() ? "" : " (agg "
                        + m.getAgg() + ")") + ": " + m.getDescription()).collect(Collectors.joining("\n")))
                + "\n\nFilters to write:\n" + (filters.isEmpty() ? "none" : filters.stream().map(f -> "- " + f).collect(Collectors.joining("\n")))
                + "\n\nColumns:\n" + ModelIntake.tables(tables);
    }

    /** The answer's measures by name, each checked; exactly the described ones, or refused. */
    private static Map<String, MeasureSpec> measures(JsonNode answered, List<MeasureSpec> described, List<LandedTable> tables)
            throws ModelProposals.Refused {
        Map<String, MeasureSpec> asked = new HashMap<>();
        described.forEach(m -> asked.put(m.getName(), m));
        Map<String, MeasureSpec> written = new HashMap<>();
        for (JsonNode node : answered) {
            String name = node.path("name").asString("");
            MeasureSpec given = asked.get(name);
            if (given == null || written.containsKey(name)) {
                throw new ModelProposals.Refused("the model answered for measure '" + ModelProposals.clip(name)
                        + "', which was not asked for (or twice)");
            }
            String agg = given.getAgg().isBlank() ? node.path("agg").asString("") : given.getAgg();
            if (Aggregate.of(agg).isEmpty()) {
                throw new ModelProposals.Refused("the model's measure " + name + " has agg '" + ModelProposals.clip(agg) + "', not one of "
                        + Aggregate.ids());
            }
            String expr = ModelProposals.expression("measure " + name, node.path("expr").asString(""), tables);
            written.put(name, new MeasureSpec(name, agg, expr, given.getDescription()));
        }
        missing("measure(s)", asked.keySet(), written.keySet());
        return written;
    }

    /** The answer's filters by the words they were asked in, each checked as a goal's filter; exactly the asked ones, or refused. */
    private static Map<String, String> filters(JsonNode answered, List<String> asked, List<LandedTable> tables) throws ModelProposals.Refused {
        Map<String, String> written = new LinkedHashMap<>();
        for (JsonNode node : answered) {
            String words = node.path("description").asString("");
            if (!asked.contains(words) || written.containsKey(words)) {
                throw new ModelProposals.Refused("the model answered for filter '" + ModelProposals.clip(words)
                        + "', which was not asked for (or twice)");
            }
            written.put(words, ModelProposals.expression("filter '" + ModelProposals.clip(words) + "'", node.path("expr").asString(""), tables));
        }
        missing("filter(s)", Set.copyOf(asked), written.keySet());
        return written;
    }

    private static void missing(String what, Set<String> asked, Set<String> written) throws ModelProposals.Refused {
        if (!written.containsAll(asked)) {
            throw new ModelProposals.Refused("the model's answer leaves out " + what + " "
                    + asked.stream().filter(n -> !written.contains(n)).sorted().map(ModelProposals::clip).collect(Collectors.joining(", ")));
        }
    }
}
