package io.dea.modeling;

import io.dea.platform.step.Outputs;
import io.dea.platform.goal.Relationships;
import io.dea.platform.goal.KeyList;
import io.dea.platform.goal.ColumnNames;
import io.dea.platform.goal.Relationship;
import io.dea.platform.warehouse.SqlText;
import io.dea.events.v1.MartSpec;
import io.dea.events.v1.SourceSpec;
import io.dea.platform.agent.ArtifactFile;
import io.dea.platform.agent.TaskContext;
import io.dea.platform.agent.TaskHandler;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.artifact.ArtifactStore;
import io.dea.platform.artifact.DataProject;
import io.dea.platform.catalog.CatalogUpdates;
import io.dea.platform.catalog.ColumnFacts;
import io.dea.platform.goal.Identifiers;
import io.dea.platform.kafka.AgentKind;
import io.dea.events.v1.StepKind;
import io.dea.modeling.intake.IntakeStep;
import io.dea.modeling.intake.TextSimilarity;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Step {@code model}: profiles the goal's landing tables, chooses their keys and relationships
 * (the goal's own where it gives them, inferred for the rest), and commits the mart's dbt sources. Profiling is plain SQL
 * in the warehouse, so it scales with the warehouse rather than with this service.
 */
@Component
public class ModelingHandler implements TaskHandler {

    /** Step {@code intake}: a goal given in words, read into a structured goal (docs/intent.md). */
    private final IntakeStep intake = new IntakeStep(TextSimilarity.lexical());

    @Override
    public AgentKind kind() {
        return AgentKind.MODELING;
    }

    @Override
    public TaskOutcome handle(TaskContext context) throws Exception {
        if (context.kind() == StepKind.INTAKE) {
            return intake.handle(context);
        }
        MartSpec mart = context.goal().getMart();
        List<SourceSpec> sources = Optional.ofNullable(context.goal().getSources()).orElse(List.of());
        if (mart == null || sources.isEmpty()) {
            return TaskOutcome.failed("the goal has no mart or no sources to model", "nothing to model");
        }
        String martName = Identifiers.require("mart name", mart.getName());
        List<TableProfile> profiles = profile(context, sources);
        try {
            Choice choice = choose(context, sources, profiles);
            String namingFile = context.tool("git.read", NamingStandard.PATH + " on " + context.task().getBranch(),
                    () -> context.artifacts().files(context.task().getBranch()).get(NamingStandard.PATH));
            Names names = Names.propose(naming(namingFile), martName, profiles, choice.relationships());
            return commit(context, martName, profiles, choice, names, namingFile);
        } catch (Refused no) {
            return no.outcome;
        }
    }

    /**
     * What the step decided over the profiles: each table's key, the relationships, and the notes on why.
     *
     * @param keys source to its key column, for the tables that have one
     */
    private record Choice(Map<String, String> keys, List<Relationship> relationships, List<String> notes) {
    }

    /** A definite no: the goal cannot be modeled as it stands, and running the step again would say the same. */
    private static final class Refused extends Exception {
        private final transient TaskOutcome outcome;

        Refused(String summary, String error) {
            super(summary, null, false, false);
            this.outcome = TaskOutcome.failed(summary, error);
        }
    }

    private static List<TableProfile> profile(TaskContext context, List<SourceSpec> sources) throws Exception {
        List<TableProfile> profiles = new ArrayList<>();
        for (SourceSpec source : sources) {
            String name = Identifiers.require("source name", source.getName());
            profiles.add(context.tool("warehouse.sql", "profile landing." + name,
                    () -> context.warehouse().withConnection(c -> TableProfiler.profile(c, name))));
            context.progress("profiled landing." + name, 0.5 * profiles.size() / sources.size());
        }
        return profiles;
    }

    private static Choice choose(TaskContext context, List<SourceSpec> sources, List<TableProfile> profiles) throws Exception {
        List<String> notes = new ArrayList<>();
        Map<String, String> keys = keys(sources, profiles, notes);
        List<String> declared = Optional.ofNullable(context.goal().getRelationships()).orElse(List.of());
        RelationshipInference.OrphanCounter orphans = r -> countOrphans(context, r);
        List<Relationship> relationships = new ArrayList<>();
        for (String text : declared) {
            relationships.add(checkDeclared(text, profiles, keys, orphans, notes));
        }
        // Declared relationships win where they conflict; inference still fills the gaps they leave.
        RelationshipInference.Inferred inferred = RelationshipInference.infer(profiles, keys, List.copyOf(relationships), orphans);
        if (!declared.isEmpty()) {
            notes.add("relationships " + (inferred.relationships().isEmpty() ? "as the goal declares them"
                    : "as the goal declares them, and inferred " + new Relationships(inferred.relationships()).encode()));
        }
        relationships.addAll(inferred.relationships());
        notes.addAll(inferred.notes());
        context.progress("keys and relationships chosen", 0.8);
        return new Choice(keys, relationships, notes);
    }

    /** Each table's key (the goal's own when it gives one), with a note on the choice. */
    private static Map<String, String> keys(List<SourceSpec> sources, List<TableProfile> profiles, List<String> notes) throws Refused {
        Map<String, String> keys = new LinkedHashMap<>();
        for (int i = 0; i < sources.size(); i++) {
            KeyInference.KeyChoice key;
            try {
                key = KeyInference.choose(profiles.get(i), sources.get(i).getPrimaryKey());
            } catch (IllegalArgumentException e) {
                throw new Refused(e.getMessage(), e.getMessage());
            }
            if (key.column() != null) {
                keys.put(profiles.get(i).source(), key.column());
            }
            notes.add(profiles.get(i).source() + " key " + (key.column() == null ? "none" : key.column()) + ": " + key.reason());
        }
        return keys;
    }

    /** A relationship the goal declares, taken as declared; a note warns when its values or its parent key disagree. */
    private static Relationship checkDeclared(String text, List<TableProfile> profiles, Map<String, String> keys,
                                              RelationshipInference.OrphanCounter orphans, List<String> notes) throws Refused {
        Relationship checked = declared(text, profiles).orElseThrow(() -> {
            String message = "relationship '" + text + "' must be child.column -> parent.column over the goal's sources";
            return new Refused(message, message);
        });
        long missing;
        try {
            missing = orphans.orphans(checked);
        } catch (Exception e) {
            String message = "relationship " + checked + ": the values do not compare (" + e.getMessage() + ")";
            throw new Refused(message, message);
        }
        if (!keys.containsKey(checked.parent()) || !keys.get(checked.parent()).equals(checked.pk())) {
            notes.add("warning: " + checked.parent() + "." + checked.pk()
                    + " is not the key of " + checked.parent() + "; joins to it may repeat rows");
        }
        if (missing > 0) {
            notes.add("warning: " + missing + " values of " + checked.child() + "." + checked.fk()
                    + " have no match in " + checked.parent() + "." + checked.pk());
        }
        return checked;
    }

    /** The branch's naming standard, or the default one when the branch has none. */
    private static NamingStandard naming(String namingFile) throws Refused {
        try {
            return NamingStandard.parse(namingFile == null ? NamingStandard.DEFAULT_FILE : namingFile);
        } catch (RuntimeException e) {
            throw new Refused("the naming standard " + NamingStandard.PATH + " cannot be used: " + e.getMessage(), e.getMessage());
        }
    }

    /**
     * The files an earlier plan of the same mart left in its model directory: this plan writes the
     * mart anew, and a staging model or masked view of a source the goal no longer reads would not
     * compile against the new sources. Each is committed as a deletion (a null content).
     */
    private static List<ArtifactFile> staleMartFiles(TaskContext context, String martName, String sourcesPath) {
        String branch = context.task().getBranch();
        String dir = DataProject.modelDir(martName) + "/";
        return context.artifacts().files(context.artifacts().branchExists(branch) ? branch : ArtifactStore.MAIN).keySet().stream()
                .filter(p -> p.startsWith(dir) && !p.equals(sourcesPath))
                .map(p -> new ArtifactFile("removed", p, null))
                .toList();
    }

    /** Commits the mart's dbt sources (and the default naming standard when the branch had none) and says what was found. */
    private static TaskOutcome commit(TaskContext context, String martName, List<TableProfile> profiles, Choice choice, Names names,
                                      String namingFile) throws Exception {
        String path = SourcesYaml.path(martName);
        List<ArtifactFile> files = new ArrayList<>();
        List<String> notes = choice.notes();
        if (namingFile == null) {
            files.add(new ArtifactFile("naming_standard", NamingStandard.PATH, NamingStandard.DEFAULT_FILE));
            notes.add("wrote the default naming standard to " + NamingStandard.PATH + " (edit it to change the names proposed)");
        }
        files.add(new ArtifactFile("dbt_sources", path, SourcesYaml.render(martName, profiles, choice.keys(), choice.relationships(), names)));
        List<ArtifactFile> stale = staleMartFiles(context, martName, path);
        if (!stale.isEmpty()) {
            files.addAll(stale);
            notes.add("removed " + stale.size() + " file(s) of the earlier " + martName + " from " + DataProject.modelDir(martName)
                    + " (this plan writes the mart's models anew)");
        }
        var artifacts = context.commit("dbt sources of mart " + martName, files);
        Outputs.Model outputs = new Outputs.Model(new KeyList(choice.keys()), new Relationships(choice.relationships()), path,
                DataProject.sourceName(martName), new KeyList(names.stagingModels()), new ColumnNames(names.columns()),
                new KeyList(names.entityModels()), NamingStandard.PATH,
                profiles.stream().map(ModelingHandler::profileLine).collect(Collectors.joining(";")));
        CatalogUpdates.described(context, catalogFacts(profiles, choice));
        String primaryKeys = outputs.primaryKeys().encode();
        String references = outputs.relationships().encode();
        String tables = profiles.stream().map(p -> p.source() + " " + p.rows() + " rows").collect(Collectors.joining(", "));
        String summary = "profiled " + tables + "; keys " + (primaryKeys.isEmpty() ? "none" : primaryKeys)
                + "; relationships " + (references.isEmpty() ? "none" : references) + ". " + String.join("; ", notes);
        return TaskOutcome.succeeded(summary).withOutputs(outputs).withArtifacts(artifacts);
    }

    /** What the catalog learns from profiling: each column's profile, category values, key and references. */
    private static List<ColumnFacts> catalogFacts(List<TableProfile> profiles, Choice choice) {
        List<ColumnFacts> facts = new ArrayList<>();
        for (TableProfile table : profiles) {
            for (ColumnProfile c : table.columns()) {
                Map<String, String> about = new LinkedHashMap<>(Map.of("profile", c.nulls() + " nulls, " + c.distinct() + " distinct"
                        + (c.min() == null ? "" : ", " + c.min() + ".." + c.max()), "values", String.join(", ", c.values())));
                about.put("key", c.name().equals(choice.keys().get(table.source())) ? "primary key" : null);
                choice.relationships().stream().filter(r -> r.child().equals(table.source()) && r.fk().equals(c.name()))
                        .findFirst().ifPresent(r -> about.put("references", r.parent() + "." + r.pk()));
                facts.add(new ColumnFacts(DataProject.LANDING_SCHEMA + "." + table.source(), c.name(), about));
            }
        }
        return facts;
    }

    /** {@code orders.amount: 3 nulls (0.5%), 120 distinct, 1.00..199.99}: what profiling found, for the step's outputs. */
    private static String profileLine(TableProfile table) {
        return table.columns().stream().map(c -> table.source() + "." + c.name() + " " + c.nulls() + " nulls ("
                        + String.format(java.util.Locale.ROOT, "%.1f%%", 100 * c.nullShare(table.rows())) + "), " + c.distinct() + " distinct"
                        + (c.min() == null ? "" : ", " + c.min() + ".." + c.max()))
                .collect(Collectors.joining(";"));
    }

    /** A declared relationship over the goal's sources, with the column names as the tables spell them. */
    private static Optional<Relationship> declared(String text, List<TableProfile> profiles) {
        Relationship r = Relationship.parse(text);
        if (r == null) {
            return Optional.empty();
        }
        Optional<TableProfile> child = profiles.stream().filter(p -> p.source().equals(r.child())).findFirst();
        Optional<TableProfile> parent = profiles.stream().filter(p -> p.source().equals(r.parent())).findFirst();
        if (child.isEmpty() || parent.isEmpty()) {
            return Optional.empty();
        }
        Optional<ColumnProfile> fk = child.get().column(r.fk());
        Optional<ColumnProfile> pk = parent.get().column(r.pk());
        if (fk.isEmpty() || pk.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Relationship(r.child(), fk.get().name(), r.parent(), pk.get().name()));
    }

    /** The anti-join: child rows whose non-null key has no parent row. */
    private static long countOrphans(TaskContext context, Relationship r) throws Exception {
        String sql = "SELECT count(*) FROM " + SqlText.qualified(DataProject.LANDING_SCHEMA, r.child()) + " c WHERE c."
                + SqlText.identifier(r.fk()) + " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
                + SqlText.qualified(DataProject.LANDING_SCHEMA, r.parent()) + " p WHERE p." + SqlText.identifier(r.pk()) + " = c."
                + SqlText.identifier(r.fk()) + ")";
        return context.tool("warehouse.sql", sql, () -> context.warehouse().withConnection(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        }));
    }
}
