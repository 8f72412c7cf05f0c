package io.dea.modeling.intake;

import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.MeasureSpec;
import io.dea.events.v1.SourceSpec;
import io.dea.modeling.TableProfile;
import io.dea.modeling.TableProfiler;
import io.dea.platform.agent.TaskContext;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.artifact.ArtifactStore;
import io.dea.platform.artifact.DataProject;
import io.dea.platform.goal.GoalYaml;
import io.dea.platform.goal.Identifiers;
import io.dea.platform.goal.InWords;
import io.dea.platform.llm.LlmSettings;
import io.dea.platform.llm.ModelUnavailableException;
import io.dea.platform.review.ReviewKind;
import io.dea.platform.step.Outputs;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Step {@code intake} (a goal given in words: {@code goal:} text and no {@code mart:}): finds the
 * tables the words may name (the goal's sources, landed by the plan's ingest steps; else every
 * landed table, with its connector on main), profiles them as modeling does, reads the words
 * ({@link Interpreter}) and proposes the structured goal in an INTENT review: its YAML, what each
 * part was matched from, and the questions for what it left out. Without a language model the same
 * words over the same data give the same proposal; with one ({@code dea.llm.provider}), the model
 * proposes ({@link ModelIntake}), its answer is checked like a person's, and the review says who read
 * the words.
 */
public final class IntakeStep {

    static final String DETERMINISTIC = "deterministic grammar";
    private final Interpreter interpreter;

    public IntakeStep(TextSimilarity similarity) {
        this.interpreter = new Interpreter(similarity);
    }

    public TaskOutcome handle(TaskContext context) throws Exception {
        GoalSpec goal = context.goal();
        if (goal.getMart() != null) {
            return InWords.any(goal.getMart()) ? inWords(context, goal)
                    : TaskOutcome.failed("the goal has a mart already: intake reads only goals given in words", "goal has a mart");
        }
        if (goal.getGoal() == null || goal.getGoal().isBlank()) {
            return TaskOutcome.failed("the goal has no words to read: write what to build in goal:", "goal text is empty");
        }
        List<LandedTable> landed = landed(context);
        context.progress("profiled " + landed.size() + " landed tables", 0.7);
        Read read;
        try {
            read = read(context, goal, landed);
        } catch (ModelFailure e) {
            return TaskOutcome.failed(e.getMessage(), e.getMessage());
        }
        return review(context, read);
    }

    /**
     * Measures and filters given only as a description: the configured model writes them. There is no grammar
     * to fall back to for a description, so without a model, or when its answer cannot be used, the step fails
     * saying what to write instead.
     */
    private TaskOutcome inWords(TaskContext context, GoalSpec goal) throws Exception {
        String names = java.util.stream.Stream.concat(
                goal.getMart().getMeasures().stream().filter(InWords::measure).map(m -> "measure " + m.getName()),
                InWords.filters(goal.getMart()).stream().map(f -> "filter '" + ModelProposals.clip(f) + "'"))
                .collect(java.util.stream.Collectors.joining(", "));
        if (context.model().isEmpty()) {
            return TaskOutcome.failed(names + " given only as a description: no language model is configured "
                    + "(dea.llm.provider), so write each measure's agg and expr and each filter as an expression", "no model for described parts");
        }
        List<LandedTable> landed = landed(context);
        try {
            return review(context, new Read(DescribedParts.propose(context, goal, landed),
                    context.model().get().describe() + ", prompt " + DescribedParts.PROMPT.ref()));
        } catch (ModelUnavailableException | ModelProposals.Refused e) {
            return TaskOutcome.failed((e instanceof ModelUnavailableException u && u.kind() == ModelUnavailableException.Cause.BUDGET
                    ? "stopped: " : "") + e.getMessage() + "; write " + names + " as expressions instead", e.getMessage());
        }
    }

    /** The INTENT review of a proposal: its YAML, what each part came from, its questions, and who read the words. */
    private static TaskOutcome review(TaskContext context, Read read) {
        Proposal proposal = read.proposal();
        String yaml = GoalYaml.write(proposal.goal());
        String summary = summary(proposal);
        String diff = "# read by " + read.by() + "\n# proposed goal\n" + yaml + "\n# what each part was matched from\n" + lines(proposal.matches())
                + "\n# questions (left out of the proposal)\n" + (proposal.questions().isEmpty() ? "none\n" : lines(proposal.questions()));
        return TaskOutcome.succeeded(summary)
                .withOutputs(new Outputs.Intake(yaml, String.join("\n", proposal.matches()), String.join("\n", proposal.questions()),
                        read.by()))
                .heldForReview(context, true, ReviewKind.INTENT, summary, diff);
    }

    /** A proposal and who read the words. */
    private record Read(Proposal proposal, String by) {
    }

    /** The model could not be used and the settings say not to fall back (or the token budget stops the goal). */
    private static final class ModelFailure extends Exception {
        ModelFailure(String message) {
            super(message);
        }
    }

    /**
     * The configured model's proposal, checked; when the model gives none or its answer is refused, the
     * interpreter's, saying why, unless {@code dea.llm.fallback} is {@code fail}. A token budget passed stops
     * the step either way. Without a model, the interpreter's.
     */
    private Read read(TaskContext context, GoalSpec goal, List<LandedTable> landed) throws Exception {
        Optional<LlmSettings> model = context.model();
        if (model.isEmpty()) {
            return new Read(interpreter.interpret(goal, landed), DETERMINISTIC);
        }
        String why;
        try {
            return new Read(ModelIntake.propose(context, goal, landed), model.get().describe() + ", prompt " + ModelIntake.PROMPT.ref());
        } catch (ModelUnavailableException e) {
            if (e.kind() == ModelUnavailableException.Cause.BUDGET) {
                throw new ModelFailure("stopped: " + e.getMessage());
            }
            why = e.getMessage();
        } catch (ModelProposals.Refused e) {
            why = e.getMessage();
        }
        if (model.get().fallback() == LlmSettings.Fallback.FAIL) {
            throw new ModelFailure(why + " (dea.llm.fallback: fail)");
        }
        return new Read(interpreter.interpret(goal, landed), DETERMINISTIC + " (" + why + ")");
    }

    /** The goal's own sources when it gives them, else every landed table; each profiled, with its source spec. */
    private static List<LandedTable> landed(TaskContext context) throws Exception {
        List<SourceSpec> given = Optional.ofNullable(context.goal().getSources()).orElse(List.of());
        List<String> names = given.isEmpty() ? landedNames(context) : context.sourceNames();
        Map<String, String> main = given.isEmpty() ? context.tool("git.read", "connectors/ on " + ArtifactStore.MAIN,
                () -> context.artifacts().files(ArtifactStore.MAIN)) : Map.of();
        List<LandedTable> tables = new ArrayList<>();
        for (String name : names) {
            TableProfile profile = context.tool("warehouse.sql", "profile landing." + name,
                    () -> context.warehouse().withConnection(c -> TableProfiler.profile(c, name)));
            SourceSpec spec = given.isEmpty() ? Connectors.spec(main, name).orElse(null)
                    : given.stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
            tables.add(new LandedTable(name, profile, spec));
        }
        return tables;
    }

    /** The tables of schema landing a goal can name (plain identifiers), in name order. */
    private static List<String> landedNames(TaskContext context) throws Exception {
        String sql = "SELECT table_name FROM information_schema.tables WHERE table_schema = ? ORDER BY table_name";
        return context.tool("warehouse.sql", sql, () -> context.warehouse().withConnection(c -> {
            List<String> names = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, DataProject.LANDING_SCHEMA);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        names.add(rs.getString(1));
                    }
                }
            }
            return names.stream().filter(Identifiers::isSafe).toList();
        }));
    }

    /** One line: how the words were understood. */
    private static String summary(Proposal proposal) {
        var mart = proposal.goal().getMart();
        List<String> measures = mart.getMeasures().stream().map(IntakeStep::measure).toList();
        return "read as mart " + mart.getName() + " over " + String.join(", ",
                proposal.goal().getSources().stream().map(SourceSpec::getName).toList())
                + "; grain " + (mart.getGrain().isEmpty() ? "none" : String.join(", ", mart.getGrain()))
                + (mart.getTimeGrain() == null ? "" : " by " + mart.getTimeGrain())
                + "; measures " + (measures.isEmpty() ? "none" : String.join(", ", measures))
                + (mart.getFilters() == null ? "" : "; filters " + String.join(" AND ", mart.getFilters()))
                + "; " + proposal.questions().size() + " question(s)";
    }

    private static String measure(MeasureSpec m) {
        return m.getName() + " = " + m.getAgg() + "(" + m.getExpr() + ")";
    }

    private static String lines(List<String> lines) {
        return String.join("\n", lines) + "\n";
    }
}
