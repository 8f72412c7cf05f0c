package io.dea.modeling.intake;

import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.MartSpec;
import io.dea.events.v1.MeasureSpec;
import io.dea.events.v1.SourceSpec;
import io.dea.modeling.intake.Reading.Phrase;
import io.dea.platform.goal.Identifiers;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a goal's words into a structured goal over the landed tables: reads them with the grammar
 * ({@link GoalText}), matches each part to tables, columns and category values, and proposes every
 * part it could match; the rest become questions. Deterministic: the same words over the same data
 * give the same proposal.
 */
final class Interpreter {

    private final TextSimilarity similarity;

    Interpreter(TextSimilarity similarity) {
        this.similarity = similarity;
    }

    /**
     * @param submitted the goal as submitted: its words, and any sources, relationships, schedule, ... it gives
     * @param landed    the tables the words may name: the goal's sources when it gives them, else every landed table
     */
    Proposal interpret(GoalSpec submitted, List<LandedTable> landed) {
        Reading reading = GoalText.read(submitted.getGoal());
        Notes notes = new Notes();
        reading.questions().forEach(notes::ask);
        List<LandedTable> named = named(reading.sources(), landed, notes);
        List<LandedTable> scope = named.isEmpty() ? landed : named;
        PartMatcher parts = new PartMatcher(similarity, scope, notes);
        FilterMatcher filterMatcher = new FilterMatcher(similarity, scope, parts, notes);
        List<String> counted = new ArrayList<>();
        List<MeasureSpec> measures = measures(reading, parts, filterMatcher, counted, notes);
        List<Phrase> grainWords = new ArrayList<>();
        List<TableColumn> grains = grains(reading, parts, grainWords);
        List<String> filters = new ArrayList<>(filterMatcher.filters(reading.filters()));
        counted.stream().filter(f -> !filters.contains(f)).forEach(filters::add);
        Optional<TableColumn> time = reading.timeGrain() == null ? Optional.empty()
                : TimeColumn.choose(reading.timeWords(), grains, order(named, scope, notes),
                        reading.measures().stream().flatMap(m -> m.subject().words().stream()).toList(), notes);
        time.ifPresent(t -> {
            grains.remove(t);
            grains.add(0, t);
            notes.match("time_grain: " + reading.timeGrain() + " (from '" + reading.timeWords() + "')");
        });
        if (grains.isEmpty() && reading.grains().isEmpty() && reading.timeGrain() == null) {
            notes.ask("no grain: say by what to group (by <column>, per <column>, or daily, weekly, monthly)");
        }
        MartSpec mart = MartSpec.newBuilder().setName(martName(reading, measures, grainWords, notes))
                .setGrain(grains.stream().map(TableColumn::ref).toList())
                .setTimeGrain(time.isPresent() ? reading.timeGrain() : null)
                .setMeasures(measures).setFilters(filters.isEmpty() ? null : filters).build();
        GoalSpec goal = GoalSpec.newBuilder(submitted).setSources(sources(submitted, named, landed, notes)).setMart(mart)
                .setEnvironment(environment(reading, submitted, notes)).build();
        return new Proposal(goal, List.copyOf(notes.matches), List.copyOf(notes.questions));
    }

    /** The tables named after "from", in the order named. */
    private List<LandedTable> named(List<Phrase> phrases, List<LandedTable> landed, Notes notes) {
        PartMatcher byName = new PartMatcher(similarity, landed, notes);
        List<LandedTable> named = new ArrayList<>();
        for (Phrase phrase : phrases) {
            Pick<LandedTable> pick = byName.table(phrase.text());
            if (pick.found()) {
                named.add(pick.chosen());
            } else {
                notes.unmatched(phrase.text(), pick, "landed table", byName.scopeNames().isEmpty() ? "the warehouse" : byName.scopeNames(),
                        "name the source as it was landed (landing.<name>)");
            }
        }
        return List.copyOf(new LinkedHashSet<>(named));
    }

    /**
     * The measures; a count of a category value ("daily signups") is read only when it is the one measure (else it
     * is a question), since the filter it adds ({@code counted}) applies to the whole mart.
     */
    private static List<MeasureSpec> measures(Reading reading, PartMatcher parts, FilterMatcher values, List<String> counted, Notes notes) {
        List<MeasureSpec> measures = new ArrayList<>();
        Set<String> names = new HashSet<>();
        boolean one = reading.measures().size() == 1;
        for (Reading.Measure m : reading.measures()) {
            parts.measure(m, x -> values.countOfValue(x, counted, one)).ifPresent(spec -> {
                // Two phrasings of one name ("total amount and average amount" do not clash; "amount and amount" would).
                String name = names.add(spec.getName()) ? spec.getName() : spec.getName() + "_" + spec.getAgg();
                names.add(name);
                measures.add(new MeasureSpec(name, spec.getAgg(), spec.getExpr(), null));
            });
        }
        if (reading.measures().isEmpty()) {
            notes.ask("no measure: say what to compute (e.g. total revenue, number of orders)");
        }
        return measures;
    }

    /** The grain columns the "by" phrases name; the phrases that matched one are added to {@code matched}. */
    private static List<TableColumn> grains(Reading reading, PartMatcher parts, List<Phrase> matched) {
        List<TableColumn> grains = new ArrayList<>();
        for (Phrase phrase : reading.grains()) {
            parts.grain(phrase).ifPresent(column -> {
                grains.add(column);
                matched.add(phrase);
            });
        }
        return grains;
    }

    /** Which table "the first-named" is: the order of "from", else the order the parts used the tables in. */
    private static List<LandedTable> order(List<LandedTable> named, List<LandedTable> scope, Notes notes) {
        if (!named.isEmpty()) {
            return named;
        }
        return notes.used.stream().flatMap(n -> scope.stream().filter(t -> t.name().equals(n))).toList();
    }

    /** The name after "called"/"named", else the words: time grain, first measure, "by" each grain matched. */
    private static String martName(Reading reading, List<MeasureSpec> measures, List<Phrase> grains, Notes notes) {
        if (reading.martName() != null && Identifiers.isSafe(reading.martName())) {
            notes.match("mart name: " + reading.martName() + " (as the words name it)");
            return reading.martName();
        }
        List<String> words = new ArrayList<>();
        if (reading.timeGrain() != null) {
            words.add(Grammar.TIME_NAMES.get(reading.timeGrain()));
        }
        if (!measures.isEmpty()) {
            words.add(measures.get(0).getName());
        } else if (!reading.measures().isEmpty()) {
            Reading.Measure first = reading.measures().get(0);
            words.add(PartMatcher.name(first.agg() == null ? io.dea.platform.goal.Aggregate.SUM : first.agg(), first.subject()));
        }
        grains.forEach(g -> {
            words.add("by");
            words.addAll(g.words());
        });
        String name = words.isEmpty() ? "intake_mart" : Words.snake(words);
        notes.match("mart name: " + name + " (from the words: time grain, first measure, grain)");
        return name;
    }

    /** The goal's own sources when it gives them; else the tables named or used, each with the spec it was landed from. */
    private static List<SourceSpec> sources(GoalSpec submitted, List<LandedTable> named, List<LandedTable> landed, Notes notes) {
        if (submitted.getSources() != null && !submitted.getSources().isEmpty()) {
            notes.match("sources: " + String.join(", ", submitted.getSources().stream().map(SourceSpec::getName).toList())
                    + " (as the goal gives them)");
            return submitted.getSources();
        }
        List<String> names = named.isEmpty() ? List.copyOf(notes.used) : named.stream().map(LandedTable::name).toList();
        List<SourceSpec> specs = new ArrayList<>();
        for (String name : names) {
            LandedTable table = landed.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
            if (table.spec() == null) {
                notes.ask("'" + name + "': landing." + name + " has no connector on main (connectors/" + name
                        + ".yml) saying where it is loaded from; add the source (name, format, location)");
            } else {
                specs.add(table.spec());
            }
        }
        notes.match("sources: " + String.join(", ", specs.stream().map(SourceSpec::getName).toList())
                + (named.isEmpty() ? " (the landed tables the words matched)" : " (named after 'from')")
                + ", each as its connector on main loads it");
        return specs;
    }

    private static String environment(Reading reading, GoalSpec submitted, Notes notes) {
        if (reading.environment() != null) {
            notes.match("environment: " + reading.environment() + " (from 'in " + reading.environment() + "')");
            return reading.environment();
        }
        String environment = submitted.getEnvironment() == null ? "dev" : submitted.getEnvironment();
        notes.match("environment: " + environment + (submitted.getEnvironment() == null ? " (the default)" : " (as the goal gives it)"));
        return environment;
    }
}
