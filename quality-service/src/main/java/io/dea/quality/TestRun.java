package io.dea.quality;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@code dbt build} did, read from its {@code target/run_results.json}: each test with its
 * status and compiled query (to fetch the failing rows), and any model that did not build.
 */
record TestRun(List<Test> tests, List<String> brokenModels) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One data test's result. */
    record Test(String name, String status, long failures, String message, String compiledSql) {
        boolean failed() {
            return status.equals("fail") || status.equals("error");
        }
    }

    static TestRun parse(String runResults) {
        List<Test> tests = new ArrayList<>();
        List<String> broken = new ArrayList<>();
        for (JsonNode result : JSON.readTree(runResults).path("results")) {
            String id = result.path("unique_id").asString("");
            String status = result.path("status").asString("");
            String[] parts = id.split("\\.");
            String name = parts.length > 2 ? parts[2] : id;
            if (id.startsWith("test.")) {
                tests.add(new Test(name, status, result.path("failures").asLong(0), result.path("message").asString(null),
                        result.path("compiled_code").asString(null)));
            } else if (id.startsWith("model.") && status.equals("error")) {
                broken.add(name + ": " + result.path("message").asString(""));
            }
        }
        return new TestRun(tests, broken);
    }

    List<Test> failed() {
        return tests.stream().filter(Test::failed).toList();
    }

    /** Tests of warning severity that found rows: reported, they do not fail the step. */
    List<Test> warned() {
        return tests.stream().filter(t -> t.status().equals("warn")).toList();
    }

    long skipped() {
        return tests.stream().filter(t -> t.status().equals("skipped")).count();
    }
}
