package io.dea.quality;

import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import io.dea.events.v1.GoalSpec;
import io.dea.platform.agent.TaskContext;
import io.dea.platform.catalog.Catalog;
import io.dea.platform.catalog.CatalogHit;
import io.dea.platform.llm.ModelAnswer;
import io.dea.platform.llm.Prompt;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The mart's descriptions on the language-model path: the goal, the template's descriptions, the
 * columns and the names of the documents a catalog search for the goal found go to the model; its
 * answer is taken only as plain text (no template syntax, at most {@value #CHARS} characters each,
 * only the mart's own columns). Anything else refuses the whole answer and the template's stand.
 */
final class ModelDocs {

    static final Prompt PROMPT = Prompt.load(ModelDocs.class, "docs");
    static final JsonSchema SCHEMA = JsonSchema.builder().name("mart_docs").rootElement(JsonObjectSchema.builder()
            .addStringProperty("model", "what one row of the mart is")
            .addProperty("columns", JsonArraySchema.builder().items(JsonObjectSchema.builder()
                    .addStringProperty("name").addStringProperty("description").required("name", "description")
                    .additionalProperties(false).build()).build())
            .required("model", "columns").additionalProperties(false).build()).build();
    static final int CHARS = 300;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TEMPLATE = Pattern.compile("\\{\\{|\\{%|\\{#|%}|}}|#}");
    private static final int DOCUMENTS = 5;

    private ModelDocs() {
    }

    /** The model's descriptions and who wrote them from what. */
    record Written(MartDocs docs, String by) {
    }

    static Written describe(TaskContext context, GoalSpec goal, MartDocs template) throws Exception {
        List<CatalogHit> found = context.tool("catalog.search", goal.getGoal(),
                () -> new Catalog(context.warehouse()).search(goal.getGoal(), DOCUMENTS)).stream()
                .filter(h -> "document".equals(h.kind())).toList();
        String question = "Goal: " + goal.getGoal() + "\nTemplate: " + template.model() + "\nColumns:\n"
                + template.columns().entrySet().stream().map(e -> "- " + e.getKey() + ": " + e.getValue()).collect(Collectors.joining("\n"))
                + "\nDocuments found: " + (found.isEmpty() ? "none" : found.stream().map(CatalogHit::name).collect(Collectors.joining(", ")));
        ModelAnswer answer = context.askModel(PROMPT, question, SCHEMA);
        String by = context.model().orElseThrow().describe() + ", prompt " + PROMPT.ref() + (found.isEmpty() ? ""
                : ", shown " + found.stream().map(CatalogHit::name).collect(Collectors.joining(", ")));
        return new Written(check(answer.text(), template.columns().keySet()), by);
    }

    static MartDocs check(String text, Set<String> columns) throws ModelTriage.Refused {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new ModelTriage.Refused("the model's answer is not JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject() || !root.path("columns").isArray()) {
            throw new ModelTriage.Refused("the model's answer is not a JSON object of the schema");
        }
        String model = plain("model", root.path("model").asString(""));
        Map<String, String> described = new LinkedHashMap<>();
        for (JsonNode column : root.path("columns")) {
            String name = column.path("name").asString("");
            if (!columns.contains(name)) {
                throw new ModelTriage.Refused("the model describes column '" + (name.length() > 60 ? name.substring(0, 60) : name)
                        + "', which the mart does not have");
            }
            described.put(name, plain(name, column.path("description").asString("")));
        }
        return new MartDocs(model, described);
    }

    private static String plain(String what, String text) throws ModelTriage.Refused {
        if (text.isBlank() || text.length() > CHARS) {
            throw new ModelTriage.Refused("the model's description of " + what + " is empty or longer than " + CHARS + " characters");
        }
        if (TEMPLATE.matcher(text).find()) {
            throw new ModelTriage.Refused("the model's description of " + what + " holds template syntax");
        }
        return text.strip();
    }
}
