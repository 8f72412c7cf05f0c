package io.dea.modeling.intake;

import io.dea.platform.goal.Measures;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.MartSpec;
import io.dea.events.v1.MeasureSpec;
import io.dea.platform.agent.TaskContext;
import io.dea.platform.goal.Aggregate;
import io.dea.platform.llm.ModelAnswer;
import io.dea.platform.llm.Prompt;
import io.dea.platform.llm.RecordSchemas;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Measures given only in words ({@code description:} without {@code expr:}): the configured model
 * writes each one's aggregate and expression over the goal's landed columns (JSON of a schema derived
 * from {@link MeasureSpec}'s record), each checked as a person's expression would be, and the goal with
 * them filled in goes to the INTENT review, each marked as written by the model with what it was shown.
 */
final class ModelMeasures {

    static final Prompt PROMPT = Prompt.load(ModelMeasures.class, "measure");
    static final JsonSchema SCHEMA = JsonSchema.builder().name("measures").rootElement(JsonObjectSchema.builder()
            .addProperty("measures", JsonArraySchema.builder().items(RecordSchemas.of(MeasureSpec.getClassSchema())).build())
            .required("measures").additionalProperties(false).build()).build();

    private ModelMeasures() {
    }

    static Proposal propose(TaskContext context, GoalSpec goal, List<LandedTable> tables) throws Exception {
        List<MeasureSpec> described = goal.getMart().getMeasures().stream().filter(Measures::described).toList();
        String words = described.stream().map(MeasureSpec::getDescription).collect(Collectors.joining("; "));
        ModelAnswer answer = context.askModel(PROMPT, question(goal, described, tables) + ModelIntake.retrieved(context, words), SCHEMA);
        String by = "written by " + context.model().orElseThrow().describe() + ", prompt " + PROMPT.ref() + ", shown the columns of "
                + tables.stream().map(LandedTable::name).collect(Collectors.joining(", "));
        Map<String, MeasureSpec> written = written(answer.text(), described, tables);
        List<MeasureSpec> measures = new ArrayList<>();
        List<String> matches = new ArrayList<>();
        for (MeasureSpec m : goal.getMart().getMeasures()) {
            MeasureSpec w = written.get(m.getName());
            measures.add(w == null ? m : w);
            if (w != null) {
                matches.add("measure " + w.getName() + ": " + w.getAgg() + "(" + w.getExpr() + ") from '" + m.getDescription() + "' (" + by + ")");
            }
        }
        MartSpec mart = MartSpec.newBuilder(goal.getMart()).setMeasures(measures).build();
        return new Proposal(GoalSpec.newBuilder(goal).setMart(mart).build(), matches, List.of());
    }

    static String question(GoalSpec goal, List<MeasureSpec> described, List<LandedTable> tables) {
        return "Mart " + goal.getMart().getName() + ", grain " + String.join(", ", goal.getMart().getGrain()) + ".\n\nMeasures to write:\n"
                + described.stream().map(m -> "- " + m.getName() + (m.getAgg().isBlank() ? "" : " (agg " + m.getAgg() + ")") + ": "
                        + m.getDescription()).collect(Collectors.joining("\n"))
                + "\n\nColumns:\n" + ModelIntake.tables(tables);
    }

    /** The answer's measures by name, each checked; exactly the described ones, or refused. */
    private static Map<String, MeasureSpec> written(String text, List<MeasureSpec> described, List<LandedTable> tables)
            throws ModelProposals.Refused {
        JsonNode root = ModelProposals.parse(text, java.util.Set.of("measures"));
        ModelProposals.template(root, "answer");
        Map<String, MeasureSpec> asked = new HashMap<>();
        described.forEach(m -> asked.put(m.getName(), m));
        Map<String, MeasureSpec> written = new HashMap<>();
        for (JsonNode node : root.path("measures")) {
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
        if (!written.keySet().equals(asked.keySet())) {
            throw new ModelProposals.Refused("the model's answer leaves out measure(s) "
                    + asked.keySet().stream().filter(n -> !written.containsKey(n)).sorted().collect(Collectors.joining(", ")));
        }
        return written;
    }
}
