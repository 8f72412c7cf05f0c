package io.dea.platform.dbt;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Why one node of a dbt run failed, read from dbt's own words: the model (or test), its file in the
 * data project, the line of the compiled model DuckDB points at, and dbt's message. Quoted string
 * literals in a database error are blanked, because DuckDB quotes the value it could not convert: a
 * reason names the column and the cause, never the data.
 *
 * @param node    the model's or test's name
 * @param path    its file in the data project, null when dbt did not say
 * @param line    the line of the compiled model DuckDB points at, null when it gave none
 * @param message dbt's message without its "Runtime Error in model ..." header
 */
public record DbtFailure(String node, String path, Integer line, String message) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> FAILED = Set.of("error", "fail");
    /** dbt's header: {@code Runtime Error in model bad (models/m/bad.sql)}, also for compilation and database errors. */
    private static final Pattern HEADER = Pattern.compile("(?m)^\\s*((?:\\w+ )*)Error in (?:model|test|seed|snapshot) (\\S+) \\(([^)\\n]+)\\)\\s*$");
    /** An error dbt raised while parsing the project, before any node ran: {@code Encountered an error:} then the kind, indented lines. */
    private static final Pattern PROJECT_ERROR = Pattern.compile("(?m)^.*Encountered an error:\\s*\\n(\\w[\\w ]*Error)\\s*\\n((?:[ \\t]+\\S.*(?:\\n|$))+)");
    /** The node such an error names: {@code Model 'model.project.stg_x' (models/m/stg_x.sql)}. */
    private static final Pattern NAMED_NODE = Pattern.compile("(?:Model|Test|Seed|Snapshot) '[^']*?\\.([\\w]+)' \\(([^)\\n]+)\\)");
    private static final Pattern DUCKDB_LINE = Pattern.compile("(?m)^\\s*LINE (\\d+):(.*)$");
    private static final Pattern LITERAL = Pattern.compile("'(?:[^']|'')*'");
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");

    /** The first line of dbt's message: what a step's summary shows. */
    public String headline() {
        return where() + ": " + message.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("failed");
    }

    /** The whole message under where it happened: what a step's error shows. */
    public String detail() {
        return where() + ":\n" + message;
    }

    private String where() {
        return node + (path == null ? "" : " (" + path + (line == null ? "" : ", line " + line + " of the compiled model") + ")");
    }

    /** Every node that failed, from run_results.json when dbt wrote one, otherwise from the headers in its log. */
    static List<DbtFailure> read(String runResults, String output) {
        List<DbtFailure> failures = runResults == null ? List.of() : fromRunResults(runResults);
        return failures.isEmpty() && output != null ? fromLog(ANSI.matcher(output).replaceAll("")) : failures;
    }

    /** The nodes of a resource type that ran and did not fail, from run_results.json (0 without it). */
    static int passed(String runResults, String resourceType) {
        int passed = 0;
        if (runResults != null) {
            for (JsonNode result : JSON.readTree(runResults).path("results")) {
                String status = result.path("status").asString("");
                if (result.path("unique_id").asString("").startsWith(resourceType + ".") && !FAILED.contains(status) && !"skipped".equals(status)) {
                    passed++;
                }
            }
        }
        return passed;
    }

    private static List<DbtFailure> fromRunResults(String runResults) {
        List<DbtFailure> failures = new ArrayList<>();
        for (JsonNode result : JSON.readTree(runResults).path("results")) {
            if (FAILED.contains(result.path("status").asString(""))) {
                String id = result.path("unique_id").asString("");
                String name = id.substring(id.lastIndexOf('.') + 1);
                failures.add(of(name, result.path("message").asString(""), result.path("compiled_code").asString(null)));
            }
        }
        return failures;
    }

    /** A failure dbt raised before it wrote results (a compilation error): its header and the lines under it. */
    private static List<DbtFailure> fromLog(String output) {
        List<DbtFailure> failures = new ArrayList<>();
        Matcher header = HEADER.matcher(output);
        if (!header.find()) {
            return projectError(output);
        }
        header.reset();
        while (header.find()) {
            String after = output.substring(header.start());
            String block = after.lines().limit(8).takeWhile(l -> !l.matches("^\\d\\d:\\d\\d:\\d\\d\\b.*"))
                    .reduce((a, b) -> a + "\n" + b).orElse("");
            DbtFailure failure = of(header.group(2), block, null);
            if (failures.stream().noneMatch(f -> f.node().equals(failure.node()))) {
                failures.add(failure);
            }
        }
        return failures;
    }

    /**
     * An error in the project as a whole (a model naming a source or model that does not exist):
     * dbt names the node inside the message, not in a header. It quotes names from the project, never data.
     */
    private static List<DbtFailure> projectError(String output) {
        Matcher error = PROJECT_ERROR.matcher(output);
        if (!error.find()) {
            return List.of();
        }
        String body = error.group(2).stripIndent().strip();
        Matcher node = NAMED_NODE.matcher(body);
        return List.of(node.find() ? new DbtFailure(node.group(1), node.group(2), null, body)
                : new DbtFailure("the project", null, null, error.group(1) + ": " + body));
    }

    private static DbtFailure of(String name, String message, String compiled) {
        Matcher header = HEADER.matcher(message);
        String path = null;
        String body = message;
        boolean compilation = false;
        if (header.find()) {
            path = header.group(3).strip();
            compilation = header.group(1).contains("Compilation");
            body = message.substring(header.end()).replaceFirst("^\\s*\\n", "");
        }
        body = body.stripIndent().strip();
        // A compilation error quotes the model's Jinja, never data; DuckDB's errors may quote a value.
        return new DbtFailure(name, path, line(body, compiled), compilation ? body : LITERAL.matcher(body).replaceAll("'…'"));
    }

    /**
     * The line of the compiled model DuckDB points at. DuckDB counts lines of the statement dbt ran
     * (the model wrapped in its DDL), so the line is found again in the compiled model; DuckDB's own
     * (none when the line is not found once, rather than a wrong one).
     */
    private static Integer line(String body, String compiled) {
        Matcher m = DUCKDB_LINE.matcher(body);
        if (!m.find()) {
            return null;
        }
        String code = m.group(2).strip();
        if (compiled == null || code.isEmpty()) {
            return null;
        }
        List<String> lines = compiled.lines().toList();
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(code)) {
                at.add(i + 1);
            }
        }
        return at.size() == 1 ? at.get(0) : null;
    }
}
