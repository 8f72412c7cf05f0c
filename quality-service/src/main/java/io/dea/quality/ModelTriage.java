package io.dea.quality;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import io.dea.platform.agent.TaskContext;
import io.dea.platform.codegen.DbtSql;
import io.dea.platform.goal.ColumnRef;
import io.dea.platform.goal.GoalExpression;
import io.dea.platform.llm.ModelAnswer;
import io.dea.platform.llm.Prompt;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Triage on the language-model path, for a failing test the deterministic triage has no fix for (new
 * category values, a test on the mart itself): the model explains the cause and may propose the rows
 * to keep, as a condition over the failing table's columns. The answer is untrusted: the condition
 * must be a plain column expression ({@link GoalExpression}) over that table's columns only, and is
 * rendered from the checked tree into the same staging-view proposal the deterministic triage writes,
 * under the same QUALITY review. Anything else refuses the answer; the deterministic finding stands.
 */
final class ModelTriage {

    static final Prompt PROMPT = Prompt.load(ModelTriage.class, "triage");
    static final JsonSchema SCHEMA = JsonSchema.builder().name("triage").rootElement(JsonObjectSchema.builder()
            .addStringProperty("cause", "why the test failed, in one or two sentences")
            .addStringProperty("suggestion", "what a data engineer should do")
            .addStringProperty("keep_rows_where", "optional: the condition of the rows the staging view should keep")
            .required("cause", "suggestion").additionalProperties(false).build()).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TEMPLATE = Pattern.compile("\\{\\{|\\{%|\\{#|%}|}}|#}");
    private static final Set<String> FIELDS = Set.of("cause", "suggestion", "keep_rows_where");
    private static final int TEXT_CHARS = 500;

    private ModelTriage() {
    }

    /** The model's answer could not be used; the deterministic finding stands. */
    static final class Refused extends Exception {
        Refused(String reason) {
            super(reason);
        }
    }

    /**
     * @param found  the deterministic finding (no fix)
     * @param report the failing test with its sample rows, as the review shows it
     */
    static Triage.Finding propose(TaskContext context, Triage.Finding found, String report, String mart, SourceFacts.Table table,
                                  Map<String, String> files) throws Exception {
        String question = "Test: " + found.test() + " (kind " + found.kind() + ")\nFailing rows:\n" + report
                + "\nDeterministic triage: " + found.cause() + "; " + found.suggestion()
                + "\nTable " + table.name() + " columns: " + table.columns().stream().map(c -> table.name() + "." + c.name())
                .collect(Collectors.joining(", "));
        ModelAnswer answer = context.askModel(PROMPT, question, SCHEMA);
        String by = "written by " + context.model().orElseThrow().describe() + ", prompt " + PROMPT.ref();
        JsonNode root = parse(answer.text());
        String cause = text(root, "cause") + " (" + by + ")";
        String suggestion = text(root, "suggestion");
        String keep = root.path("keep_rows_where").isString() ? root.path("keep_rows_where").asString() : null;
        if (keep == null || keep.isBlank()) {
            return new Triage.Finding(found.test(), found.kind(), cause, suggestion, null);
        }
        String clause = "where " + condition(keep, table);
        return new Triage.Finding(found.test(), found.kind(), cause, suggestion,
                Triage.fix(files, mart, table, found.kind() + " in " + table.name() + ": rows kept where " + keep + " (" + by + ")", clause));
    }

    private static JsonNode parse(String text) throws Refused {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new Refused("the model's answer is not JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new Refused("the model's answer is not a JSON object of the schema");
        }
        for (String key : root.propertyNames()) {
            if (!FIELDS.contains(key)) {
                throw new Refused("the model's answer has a field the schema does not: " + key);
            }
            if (root.get(key).isString() && TEMPLATE.matcher(root.get(key).asString()).find()) {
                throw new Refused("the model's answer holds template syntax in " + key);
            }
        }
        return root;
    }

    private static String text(JsonNode root, String field) throws Refused {
        String text = root.path(field).asString("");
        if (text.isBlank()) {
            throw new Refused("the model's answer has no " + field);
        }
        return text.length() <= TEXT_CHARS ? text : text.substring(0, TEXT_CHARS) + "...";
    }

    /** The condition re-rendered from its checked tree, each column as the staging view names it. */
    static String condition(String keep, SourceFacts.Table table) throws Refused {
        GoalExpression parsed;
        try {
            parsed = GoalExpression.parse(keep);
        } catch (GoalExpression.InvalidExpressionException e) {
            throw new Refused("the model's keep_rows_where is refused: " + e.getMessage());
        }
        for (ColumnRef ref : parsed.columns()) {
            if (!ref.source().equalsIgnoreCase(table.name()) || table.column(ref.column()) == null) {
                throw new Refused("the model's keep_rows_where names " + ref + ", which is not a column of " + table.name());
            }
        }
        return parsed.render(ref -> {
            SourceFacts.Column c = table.column(ref.column());
            return DbtSql.identifier(c.staged() == null ? c.name() : c.staged());
        });
    }
}
