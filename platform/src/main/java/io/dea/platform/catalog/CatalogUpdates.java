package io.dea.platform.catalog;

import io.dea.platform.agent.TaskContext;
import io.dea.platform.artifact.ArtifactStore;
import io.dea.platform.step.Outputs;
import io.dea.events.v1.StepKind;
import io.micrometer.core.instrument.Metrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the agents call to keep the catalog current, each for what its task touched only: ingestion
 * after a load ({@link #landed}), modeling's profiles and governance's PII tags ({@link #described}),
 * transform's apply ({@link #applied}: the environment's mart and staging models, and the data
 * project's documents on main). Each is one audited tool call ({@code catalog.index}) through the
 * task's warehouse, so the write gate sees it. Indexing never fails a task: a failure is logged and
 * counted ({@value #FAILED}, and {@link #failures()}).
 */
public final class CatalogUpdates {

    public static final String FAILED = "dea.catalog.failed";
    private static final Logger log = LoggerFactory.getLogger(CatalogUpdates.class);
    private static final AtomicLong FAILURES = new AtomicLong();
    private static final int GOAL_TEXT_CHARS = 300;

    private CatalogUpdates() {
    }

    /** Indexing failures in this JVM since it started. */
    public static long failures() {
        return FAILURES.get();
    }

    /** Ingestion: {@code landing.<source>} as loaded, with its columns, types and rows; columns it lost are deleted. */
    public static void landed(TaskContext context, String schema, String table) {
        index(context, schema + "." + table, () -> {
            Relations.Shape shape = context.warehouse().withConnection(c -> Relations.read(c, schema, table));
            Map<String, String> attributes = new LinkedHashMap<>(goalAttributes(context));
            attributes.put("source", table);
            return shape == null ? 0 : write(new Catalog(context.warehouse()), shape, attributes, List.of(), MartFacts.NONE);
        });
    }

    /** Modeling's profiles and keys, governance's PII tags: attributes laid over the columns' entries. */
    public static void described(TaskContext context, List<ColumnFacts> facts) {
        index(context, facts.size() + " column(s)", () -> new Catalog(context.warehouse())
                .upsert(facts.stream().map(f -> CatalogEntry.column(f.table(), f.column(), f.attributes())).toList()));
    }

    /**
     * Transform's apply: the mart's relations in the environment (its owner, freshness, tests and the
     * goal that made it) and the documents on main, which the apply just merged.
     */
    public static void applied(TaskContext context, String environment, List<String> relations) {
        index(context, environment + ": " + String.join(", ", relations), () -> {
            Catalog catalog = new Catalog(context.warehouse());
            List<Relations.Shape> shapes = context.warehouse().withConnection(c -> Relations.readAll(c, environment, relations));
            Map<String, String> attributes = new LinkedHashMap<>(goalAttributes(context));
            putIfSet(attributes, "owner", context.goal().getOwner());
            putIfSet(attributes, "freshness", context.goal().getFreshness());
            attributes.put("mart", context.martName());
            List<String> tests = tests(context);
            Set<String> money = money(context);
            int written = catalog.upsert(money.stream().map(m -> CatalogEntry.column("landing." + m.substring(0, m.indexOf('.')),
                    m.substring(m.indexOf('.') + 1), MartFacts.MONEY)).toList());
            for (Relations.Shape shape : shapes) {
                written += write(catalog, shape, attributes, tests, shape.name().equals(context.martName())
                        ? MartFacts.of(context.goal().getMart(), money) : staging(shape.name(), money));
            }
            return written + documents(catalog, context.artifacts().files(ArtifactStore.MAIN));
        });
    }

    /** Writes the data project's documents that changed and deletes those gone from main. */
    static int documents(Catalog catalog, Map<String, String> files) {
        List<CatalogEntry> sections = DocumentIndex.sections(files);
        Set<String> present = new TreeSet<>(sections.stream().map(CatalogEntry::name).toList());
        List<String> gone = catalog.documents().stream().filter(name -> !present.contains(name)).toList();
        return catalog.replaceDocuments(sections, gone);
    }

    private static int write(Catalog catalog, Relations.Shape shape, Map<String, String> attributes, List<String> tests,
                             MartFacts mart) {
        Map<String, String> table = new LinkedHashMap<>(attributes);
        table.putAll(mart.table());
        table.put("type", shape.view() ? "view" : "table");
        putIfSet(table, "rows", shape.rows() == null ? null : String.valueOf(shape.rows()));
        putIfSet(table, "tests", String.join(", ", tests.stream().filter(t -> t.contains(shape.name())).toList()));
        List<CatalogEntry> columns = new ArrayList<>();
        shape.columns().forEach((column, type) -> {
            Map<String, String> c = new LinkedHashMap<>();
            c.put("type", type);
            putIfSet(c, "tests", String.join(", ", tests.stream().filter(t -> t.contains(shape.name() + "_" + column)).toList()));
            putIfSet(c, "owner", attributes.get("owner"));
            c.putAll(mart.column(column));
            columns.add(CatalogEntry.column(shape.qualified(), column, c));
        });
        return catalog.replaceTable(CatalogEntry.table(shape.qualified(), table), columns);
    }

    /**
     * The money columns transform found ({@code payments.amount}), from its casts: {@code payments.amount DOUBLE -> DECIMAL(18,2) (...)}.
     */
    static Set<String> money(TaskContext context) {
        Outputs.Transform transform = context.upstream(StepKind.TRANSFORM, Outputs.Transform.class);
        Set<String> money = new TreeSet<>();
        if (transform != null && transform.casts() != null) {
            for (String cast : transform.casts().split(";")) {
                String[] words = cast.strip().split("\\s+");
                if (words.length > 0 && words[0].contains(".") && cast.contains("-> DECIMAL(18,2)")) {
                    money.add(words[0]);
                }
            }
        }
        return money;
    }

    /** A staging view's money columns ({@code stg_<mart>__<source>} holds the source's columns). */
    private static MartFacts staging(String relation, Set<String> money) {
        String source = relation.contains("__") ? relation.substring(relation.lastIndexOf("__") + 2) : relation;
        Map<String, Map<String, String>> columns = new LinkedHashMap<>();
        money.stream().filter(m -> m.startsWith(source + ".")).forEach(m -> columns.put(m.substring(source.length() + 1), MartFacts.MONEY));
        return new MartFacts(Map.of(), columns);
    }

    /** The quality step's dbt tests ({@code name:kind,...}), by name; empty when the plan has none. */
    private static List<String> tests(TaskContext context) {
        Outputs.Quality quality = context.upstream(StepKind.QUALITY, Outputs.Quality.class);
        if (quality == null || quality.testNames() == null || quality.testNames().isBlank()) {
            return List.of();
        }
        return List.of(quality.testNames().split(",")).stream().map(t -> t.split(":")[0].strip()).toList();
    }

    /** The goal that made it: its text (shortened) and id. */
    private static Map<String, String> goalAttributes(TaskContext context) {
        Map<String, String> attributes = new LinkedHashMap<>();
        String text = context.goal() == null || context.goal().getGoal() == null ? "" : context.goal().getGoal().strip();
        String goalId = context.task().getMeta().getGoalId();
        attributes.put("goal", (text.length() > GOAL_TEXT_CHARS ? text.substring(0, GOAL_TEXT_CHARS) : text)
                + (goalId == null ? "" : " (goal " + goalId + ")"));
        return attributes;
    }

    private static void putIfSet(Map<String, String> map, String key, String value) {
        if (value != null && !value.isBlank()) {
            map.put(key, value);
        }
    }

    @FunctionalInterface
    private interface Work {
        int run() throws Exception;
    }

    private static void index(TaskContext context, String what, Work work) {
        try {
            context.tool("catalog.index", what, work::run);
        } catch (Exception | LinkageError e) {
            FAILURES.incrementAndGet();
            Metrics.counter(FAILED).increment();
            log.warn("catalog: {} not indexed ({}); the task goes on", what, e.getClass().getSimpleName());
        }
    }
}
