package io.dea.modeling.intake;

import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.MartSpec;
import io.dea.modeling.ColumnProfile;
import io.dea.platform.agent.TaskContext;
import io.dea.platform.catalog.Catalog;
import io.dea.platform.catalog.CatalogHit;
import io.dea.platform.llm.ModelAnswer;
import io.dea.platform.llm.Prompt;
import io.dea.platform.llm.RecordSchemas;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The intake on the language-model path: the words, the landed tables' columns, types and category
 * values, and the catalog entries a search for the words finds go to the configured model, which answers JSON of a schema derived from the goal's own
 * record ({@link MartSpec}); the answer is then checked as strictly as a person's goal
 * ({@link ModelProposals}) and goes into the same INTENT review as the interpreter's proposal. The
 * model proposes; a person decides.
 */
final class ModelIntake {

    static final Prompt PROMPT = Prompt.load(ModelIntake.class, "intake");
    static final JsonSchema SCHEMA = JsonSchema.builder().name("goal_proposal").rootElement(JsonObjectSchema.builder()
            .addProperty("sources", JsonArraySchema.builder().items(JsonStringSchema.builder().build())
                    .description("the landed tables the mart reads").build())
            .addProperty("mart", RecordSchemas.of(MartSpec.getClassSchema()))
            .addProperty("questions", JsonArraySchema.builder().items(JsonStringSchema.builder().build())
                    .description("one per word that matched nothing, or two things equally well, starting with the quoted word").build())
            .required("sources", "mart", "questions").additionalProperties(false).build()).build();
    private static final int VALUES_SHOWN = 12;
    private static final int RETRIEVED = 5;

    private ModelIntake() {
    }

    /** The model's proposal, checked; a {@link ModelProposals.Refused} says why an answer cannot be used. */
    static Proposal propose(TaskContext context, GoalSpec words, List<LandedTable> landed) throws Exception {
        Retrieved retrieved = retrieve(context, words.getGoal());
        ModelAnswer answer = context.askModel(PROMPT, question(words, landed) + retrieved.prompt(), SCHEMA);
        String by = "written by " + context.model().orElseThrow().describe() + ", prompt " + PROMPT.ref() + retrieved.cited();
        return ModelProposals.check(answer.text(), words, landed, by);
    }

    /** The words and the tables, as the model reads them. */
    static String question(GoalSpec words, List<LandedTable> landed) {
        return "Words: " + words.getGoal() + "\n\nLanded tables:\n" + tables(landed);
    }

    /**
     * What the catalog holds that the words resemble (the team's documents, model descriptions, columns):
     * context for the model, never a part of the proposal by itself, and cited next to what the model wrote.
     */
    static Retrieved retrieve(TaskContext context, String words) throws Exception {
        return new Retrieved(context.tool("catalog.search", words, () -> new Catalog(context.warehouse()).search(words, RETRIEVED)));
    }

    /** The catalog entries a search for the words found. */
    record Retrieved(List<CatalogHit> hits) {

        /** The entries by name and why each matched, as the model reads them. */
        String prompt() {
            return hits.isEmpty() ? "" : "\n\nThe catalog's entries closest to the words:\n"
                    + hits.stream().map(h -> "- " + h.kind() + " " + h.name() + " (" + h.why() + ")").collect(Collectors.joining("\n"));
        }

        /** The entries' names, for the review to show what the model was shown. */
        String cited() {
            return hits.isEmpty() ? "" : ", retrieved " + hits.stream().map(CatalogHit::name).collect(Collectors.joining(", "));
        }
    }

    /** Each table with its rows, key, columns, types and a few category values: what a model is shown. */
    static String tables(List<LandedTable> landed) {
        return landed.stream().map(ModelIntake::table).collect(Collectors.joining("\n"));
    }

    private static String table(LandedTable t) {
        return "- " + t.name() + " (" + t.profile().rows() + " rows)" + (t.key() == null ? "" : ", key " + t.key()) + "\n"
                + t.profile().columns().stream().map(c -> "    " + t.name() + "." + c.name() + " " + c.type() + values(t, c))
                .collect(Collectors.joining("\n"));
    }

    private static String values(LandedTable t, ColumnProfile c) {
        if (!c.isCategory(t.profile().rows()) || c.values() == null || c.values().isEmpty()) {
            return "";
        }
        return ", values: " + c.values().stream().limit(VALUES_SHOWN).map(v -> "'" + v + "'").collect(Collectors.joining(", "));
    }
}
