package io.dea.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.StepKind;
import io.dea.platform.step.StepRef;
import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.Outcome;
import io.dea.events.v1.SourceSpec;
import io.dea.ingestion.IngestionHandler;
import io.dea.modeling.ModelingHandler;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.artifact.DataProject;
import io.dea.platform.testing.LoopbackModelServer;
import io.dea.platform.testing.LoopbackModelServer.Reply;
import io.dea.platform.testing.TestTasks;
import io.dea.transform.TransformHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Defects injected into a generated source, each caught by a test the quality agent generated from
 * what modeling found, and triaged with the right cause. A clean shop goes through the real ingest,
 * model and transform steps once; each defect then gets its own plan branch (a copy of the clean
 * one), its own re-ingested files and one quality run.
 */
class DefectInjectionTest {

    @TempDir
    static Path root;

    private static TestTasks tasks;
    private static Path data;
    private static GoalSpec goal;
    private static Map<String, String> inputs;
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @BeforeAll
    static void buildACleanShop() throws Exception {
        tasks = new TestTasks(root.resolve("home"), root);
        data = root.resolve("data");
        Files.createDirectories(data);
        goal = TestTasks.goal("""
                goal: daily revenue
                sources:
                  - {name: orders, format: csv, location: '%1$s/orders.csv', primary_key: id}
                  - {name: payments, format: csv, location: '%1$s/payments.csv'}
                  - {name: customers, format: csv, location: '%1$s/customers.csv'}
                relationships: ["payments.order_id -> orders.id", "orders.customer_id -> customers.id"]
                mart:
                  name: daily_revenue
                  grain: [orders.order_date]
                  time_grain: day
                  measures:
                    - {name: revenue, agg: sum, expr: payments.amount}
                    - {name: order_count, agg: count_distinct, expr: orders.id}
                  filters: ["orders.status <> 'returned'"]
                freshness: 24h
                """.formatted(data));
        writeClean();
        ingest();
        TaskOutcome modeled = new ModelingHandler().handle(tasks.context(tasks.task("clean", StepRef.of(StepKind.MODEL), "modeling", goal, Map.of())));
        inputs = new HashMap<>();
        modeled.outputs().forEach((k, v) -> inputs.put("model." + k, v));
        TaskOutcome transformed = new TransformHandler().handle(tasks.context(tasks.task("clean", StepRef.of(StepKind.TRANSFORM), "transform", goal, inputs)));
        assertThat(transformed.outcome()).as(transformed.summary()).isEqualTo(Outcome.SUCCEEDED);
        transformed.outputs().forEach((k, v) -> inputs.put("transform." + k, v));
        // Three earlier loads that passed, near today's size: the row-count test's history.
        long orders = Files.readAllLines(data.resolve("orders.csv")).size() - 1;
        long payments = Files.readAllLines(data.resolve("payments.csv")).size() - 1;
        tasks.warehouse.withConnection(c -> {
            RowCountHistory.ensure(c);
            for (int d : new int[] {-4, 0, 4}) {
                RowCountHistory.record(c, "orders", "earlier", orders + d);
                RowCountHistory.record(c, "payments", "earlier", payments + d);
                RowCountHistory.record(c, "customers", "earlier", 40 + d / 2);
            }
            return null;
        });
    }

    /** 40 customers, 300 orders placed over the last 20 hours, up to 3 payments each. */
    private static void writeClean() throws Exception {
        Random random = new Random(42);
        StringBuilder c = new StringBuilder("id,name,segment\n");
        for (int i = 1; i <= 40; i++) {
            c.append(i).append(",customer ").append(i).append(',').append(i % 3 == 0 ? "business" : "private").append('\n');
        }
        StringBuilder o = new StringBuilder("id,customer_id,order_date,ordered_at,status\n");
        StringBuilder p = new StringBuilder("id,order_id,amount,method\n");
        LocalDateTime now = LocalDateTime.now();
        int payment = 0;
        for (int i = 1; i <= 300; i++) {
            LocalDateTime at = now.minusMinutes(random.nextInt(20 * 60));
            o.append(i).append(',').append(1 + random.nextInt(40)).append(',').append(at.toLocalDate()).append(',').append(TS.format(at))
                    .append(',').append(new String[] {"paid", "shipped", "returned"}[random.nextInt(3)]).append('\n');
            for (int k = random.nextInt(4); k > 0; k--) {
                p.append(++payment).append(',').append(i).append(',').append(String.format(java.util.Locale.ROOT, "%.2f",
                        (100 + random.nextInt(9_000)) / 100.0)).append(',').append(random.nextBoolean() ? "card" : "cash").append('\n');
            }
        }
        Files.writeString(data.resolve("customers.csv"), c);
        Files.writeString(data.resolve("orders.csv"), o);
        Files.writeString(data.resolve("payments.csv"), p);
    }

    private static void ingest() throws Exception {
        for (SourceSpec source : goal.getSources()) {
            TaskOutcome loaded = new IngestionHandler("").handle(tasks.context(tasks.task("clean", StepRef.ingest(source.getName()),
                    "ingestion", goal, Map.of())));
            assertThat(loaded.outcome()).as(loaded.summary()).isEqualTo(Outcome.SUCCEEDED);
        }
    }

    /** Loads the shop with one file changed, on a fresh branch copied from the clean plan, and runs quality. */
    private static synchronized TaskOutcome qualityWith(String plan, String file, java.util.function.UnaryOperator<List<String>> defect)
            throws Exception {
        writeClean();
        Path path = data.resolve(file);
        Files.write(path, defect.apply(new java.util.ArrayList<>(Files.readAllLines(path))));
        ingest();
        tasks.artifacts.commit(DataProject.branch(plan), tasks.artifacts.files(DataProject.branch("clean")), "the clean plan's models", "test");
        return new QualityHandler().handle(tasks.context(tasks.task(plan, StepRef.of(StepKind.QUALITY), "quality", goal, inputs)));
    }

    @Test
    void shouldPassACleanSourceWithEveryKindOfGeneratedTest() throws Exception {
        TaskOutcome outcome = qualityWith("clean-run", "orders.csv", lines -> lines);

        assertThat(outcome.outcome()).as(outcome.summary()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(outcome.review()).isNull();
        assertThat(outcome.outputs().get("test_names")).contains("daily_revenue__orders_id_unique:unique",
                "daily_revenue__orders_id_not_null:not_null", "daily_revenue__payments_order_id_relationships:relationships",
                "daily_revenue__orders_status_accepted_values:accepted_values", "daily_revenue__orders_freshness:freshness",
                "daily_revenue__payments_row_count:row_count");
        // The mart's descriptions, from the goal by template, in the yml dbt just built and tested with.
        assertThat(tasks.artifacts.files(DataProject.branch("clean-run")).get("models/daily_revenue/daily_revenue_tests.yml"))
                .contains("description: \"daily revenue. One row per orders.order_date by day where orders.status <> 'returned'; "
                        + "from orders, payments, customers. Written by the dataengineering-agents from the goal.\"",
                        "- name: revenue\n    description: sum of payments.amount where orders.status <> 'returned'",
                        "description: \"orders.order_date, by day (grain)\"");
        assertThat(tasks.warehouse.query("SELECT count(*) FROM dea_meta.quality_results WHERE plan_id = 'clean-run' AND status = 'pass'")
                .rows().get(0).get(0)).isEqualTo(Long.valueOf(outcome.outputs().get("tests")));
    }

    @Test
    void shouldCatchDuplicatedOrdersAndProposeADedupStagingViewForReviewThatFixesThem() throws Exception {
        TaskOutcome outcome = qualityWith("dupes", "orders.csv", lines -> {
            lines.addAll(lines.subList(10, 15));
            return lines;
        });

        assertThat(outcome.outputs().get("triage")).contains("daily_revenue__orders_id_unique|unique|duplicates from source orders: 10 rows share a id");
        assertThat(outcome.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(outcome.review().kind()).isEqualTo("QUALITY");
        assertThat(outcome.review().diff()).contains("qualify row_number() over (partition by \"id\"");
        assertThat(outcome.summary()).contains("likely cause: duplicates", "id=11");

        TaskOutcome approved = new QualityHandler().handle(tasks.context(TestTasks.approved(
                tasks.task("dupes", StepRef.of(StepKind.QUALITY), "quality", goal, inputs), "alice")));
        assertThat(approved.outcome()).as(approved.summary()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(approved.outputs()).containsEntry("failures", "0");
    }

    @Test
    void withAModelANewCategoryValueIsExplainedAndItsFixProposedForReviewWhileAHostileFixIsRefused() throws Exception {
        java.util.function.UnaryOperator<List<String>> lost = lines -> {
            String day = lines.get(1).split(",")[2];
            lines.add("900001,3," + day + "," + day + " 01:00:00,lost");
            return lines;
        };
        try (LoopbackModelServer model = new LoopbackModelServer()) {
            tasks.withModel(TestTasks.loopbackModel("openai", model.openAiBaseUrl()));
            model.script(Reply.answer("{\"cause\": \"a new status value lost\", \"suggestion\": \"ask the shop what lost means\", "
                    + "\"keep_rows_where\": \"orders.status <> 'lost' OR (SELECT 1) = 1\"}"));
            TaskOutcome hostile = qualityWith("lost-hostile", "orders.csv", lost);

            assertThat(hostile.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(hostile.summary()).contains("(a language model's triage was not used: the model's keep_rows_where is refused");
            assertThat(tasks.artifacts.files(DataProject.branch("lost-hostile")).get("models/daily_revenue/staging/stg_daily_revenue__orders.sql"))
                    .doesNotContain("SELECT 1");

            model.script(Reply.answer("{\"cause\": \"a new status value lost\", \"suggestion\": \"ask the shop what lost means\", "
                    + "\"keep_rows_where\": \"orders.status <> 'lost'\"}"));
            TaskOutcome outcome = qualityWith("lost", "orders.csv", lost);

            assertThat(outcome.outcome()).as(outcome.summary()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(outcome.review().kind()).isEqualTo("QUALITY");
            assertThat(outcome.summary()).contains("likely cause: a new status value lost (written by openai loopback-model, prompt triage@v1)");
            assertThat(outcome.review().diff()).contains("where \"status\" <> 'lost'");
            tasks.withoutModel();
            TaskOutcome approved = new QualityHandler().handle(tasks.context(TestTasks.approved(
                    tasks.task("lost", StepRef.of(StepKind.QUALITY), "quality", goal, inputs), "alice")));
            assertThat(approved.outcome()).as(approved.summary()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(approved.outputs()).containsEntry("failures", "0");
        } finally {
            tasks.withoutModel();
        }
    }

    @Test
    void withAModelTheMartsDescriptionsAreTheModelsWhereTheyArePlainTextAndTheTemplatesOtherwise() throws Exception {
        String yml = "models/daily_revenue/daily_revenue_tests.yml";
        try (LoopbackModelServer model = new LoopbackModelServer()) {
            tasks.withModel(TestTasks.loopbackModel("openai", model.openAiBaseUrl()));
            model.script(Reply.answer("{\"model\": \"Revenue the shop kept each day.\", \"columns\": ["
                    + "{\"name\": \"revenue\", \"description\": \"Money paid for orders not returned.\"}]}"));
            qualityWith("docs", "orders.csv", lines -> lines);

            assertThat(tasks.artifacts.files(DataProject.branch("docs")).get(yml)).contains(
                    "# Descriptions: written by openai loopback-model, prompt docs@v1",
                    "description: Revenue the shop kept each day.", "description: Money paid for orders not returned.",
                    "description: count_distinct of orders.id where orders.status <> 'returned'");

            model.script(Reply.answer("{\"model\": \"{{ run_query('drop table x') }}\", \"columns\": []}"));
            qualityWith("docs-hostile", "orders.csv", lines -> lines);

            assertThat(tasks.artifacts.files(DataProject.branch("docs-hostile")).get(yml)).contains(
                    "# Descriptions: the template's: a language model's descriptions were not used (the model's description of model holds "
                            + "template syntax)", "description: sum of payments.amount").doesNotContain("run_query");
        } finally {
            tasks.withoutModel();
        }
    }

    @Test
    void shouldCatchOrdersWithoutAKeyAsNulls() throws Exception {
        TaskOutcome outcome = qualityWith("nulls", "orders.csv", lines -> {
            String day = lines.get(1).split(",")[2];
            lines.add("," + "3," + day + "," + day + " 01:00:00,paid");
            lines.add("," + "4," + day + "," + day + " 02:00:00,paid");
            return lines;
        });

        assertThat(outcome.outputs().get("triage")).contains("daily_revenue__orders_id_not_null|not_null|nulls in key orders.id: 2 rows");
        assertThat(outcome.outputs().get("proposed_fixes")).contains("models/daily_revenue/staging/stg_daily_revenue__orders.sql");
        assertThat(outcome.review().kind()).isEqualTo("QUALITY");
    }

    @Test
    void shouldCatchPaymentsOfOrdersThatDoNotExistAsOrphans() throws Exception {
        TaskOutcome outcome = qualityWith("orphans", "payments.csv", lines -> {
            lines.add("900001,777777,10.00,card");
            lines.add("900002,888888,20.00,card");
            return lines;
        });

        assertThat(outcome.outputs().get("triage")).contains("daily_revenue__payments_order_id_relationships|relationships|orphans: 2 rows");
        assertThat(outcome.summary()).contains("order_id=777777");
        assertThat(outcome.review().diff()).contains("\"order_id\" in (select \"id\" from");
    }

    @Test
    void shouldCatchStaleOrdersAsLateDataAndWarnWithoutFailingTheBuild() throws Exception {
        TaskOutcome outcome = qualityWith("stale", "orders.csv", lines -> {
            for (int i = 1; i < lines.size(); i++) {
                String[] f = lines.get(i).split(",");
                f[3] = TS.format(LocalDateTime.parse(f[3], TS).minusDays(3));
                lines.set(i, String.join(",", f));
            }
            return lines;
        });

        // Freshness is the running pipeline's SLA: stale data is caught and reported, not a build failure.
        assertThat(outcome.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(outcome.review()).isNull();
        assertThat(outcome.outputs().get("triage")).contains("daily_revenue__orders_freshness|freshness|late data");
        assertThat(outcome.outputs()).containsEntry("failures", "0").containsEntry("warnings", "1");
        assertThat(outcome.summary()).contains("1 warning", "late data");
    }

    @Test
    void shouldNameTheModelItsFileAndDuckDbsMessageWhenAModelReadsAColumnThatDoesNotExist() throws Exception {
        writeClean();
        ingest();
        Map<String, String> files = new HashMap<>(tasks.artifacts.files(DataProject.branch("clean")));
        String mart = DataProject.modelDir("daily_revenue") + "/daily_revenue.sql";
        files.put(mart, "select order_date,\n  revenue_typo\nfrom {{ ref('stg_daily_revenue__orders') }}\n");
        tasks.artifacts.commit(DataProject.branch("broken"), files, "a mart reading a column no source has", "test");

        TaskOutcome outcome = new QualityHandler().handle(tasks.context(tasks.task("broken", StepRef.of(StepKind.QUALITY), "quality", goal, inputs)));

        assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(outcome.summary()).contains("daily_revenue (" + mart + ", line 2 of the compiled model)",
                "Referenced column \"revenue_typo\" not found");
        assertThat(outcome.error()).contains("daily_revenue (" + mart, "Binder Error: Referenced column \"revenue_typo\" not found",
                "Candidate bindings");
    }

    @Test
    void shouldCatchAPartialLoadAgainstTheHistoryOfLoads() throws Exception {
        TaskOutcome outcome = qualityWith("partial", "payments.csv", lines -> lines.subList(0, lines.size() / 3));

        assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(outcome.outputs().get("triage")).contains("daily_revenue__payments_row_count|row_count|volume anomaly");
    }
}
