package io.dea.modeling.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.MartSpec;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.goal.GoalYaml;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How well the interpreter reads goals in words over four schemas: the demo shop and three the test
 * generates (flights, SaaS events, HR), each landed in its own warehouse. Each phrasing comes with the
 * structured parts it should become and the words it should ask about instead. Prints the figures per
 * schema and in total and asserts the floors measured ({@link EvalFloors}).
 */
class IntakeEvaluationTest {

    /** A schema and the phrasings asked of it. */
    private record EvalSet(EvalSchema schema, List<EvalCase> cases) {
    }

    private static final List<EvalSet> SETS = List.of(new EvalSet(LandedSchema.SHOP, ShopPhrasings.CASES),
            new EvalSet(GeneratedSchemas.flights(), FlightPhrasings.CASES), new EvalSet(GeneratedSchemas.saas(), SaasPhrasings.CASES),
            new EvalSet(GeneratedSchemas.hr(), HrPhrasings.CASES));

    private static final Pattern ASKED = Pattern.compile("^'([^']*)'");

    @TempDir
    Path home;

    @Test
    void shouldReadThePhrasingsOfTheEvaluationSetAsExpected() throws Exception {
        List<EvalFigures> figures = new ArrayList<>();
        for (EvalSet set : SETS) {
            figures.add(evaluate(set));
        }
        EvalFigures total = figures.stream().reduce(EvalFigures.NONE, EvalFigures::plus);
        figures.forEach(f -> System.out.println(f.line()));
        System.out.println(total.line());
        figures.forEach(f -> f.misses().forEach(m -> System.out.println("  miss [" + f.schema() + "] " + m)));

        assertThat(SETS.stream().mapToInt(s -> s.cases().size()).sum()).isGreaterThanOrEqualTo(60);
        assertThat(SETS).allSatisfy(s -> assertThat(s.cases()).hasSizeGreaterThanOrEqualTo(8));
        figures.forEach(EvalFloors::check);
    }

    private EvalFigures evaluate(EvalSet set) throws Exception {
        LandedSchema landed = new LandedSchema(home.resolve(set.schema().name()), set.schema());
        EvalFigures figures = EvalFigures.of(set.schema().name());
        for (int i = 0; i < set.cases().size(); i++) {
            EvalCase c = set.cases().get(i);
            TaskOutcome outcome = landed.intakeWords(set.schema().name() + i, c.words());
            Set<String> actual = parts(GoalYaml.parse(outcome.outputs().get("proposed_goal")), c.expected());
            String questions = outcome.outputs().get("questions");
            figures = figures.plus(EvalFigures.of(set.schema().name(), c, actual, asked(questions), questions));
        }
        return figures;
    }

    /** The proposal as parts in the cases' notation; the environment only when the case names one. */
    private static Set<String> parts(GoalSpec goal, List<String> expected) {
        Set<String> parts = new LinkedHashSet<>();
        goal.getSources().forEach(s -> parts.add("source:" + s.getName()));
        MartSpec mart = goal.getMart();
        mart.getGrain().forEach(g -> parts.add("grain:" + g));
        if (mart.getTimeGrain() != null) {
            parts.add("time:" + mart.getTimeGrain());
        }
        mart.getMeasures().forEach(m -> parts.add("measure:" + m.getName() + "=" + m.getAgg() + "(" + m.getExpr() + ")"));
        if (mart.getFilters() != null) {
            mart.getFilters().forEach(f -> parts.add("filter:" + f));
        }
        parts.add("mart:" + mart.getName());
        if (expected.stream().anyMatch(p -> p.startsWith("environment:"))) {
            parts.add("environment:" + goal.getEnvironment());
        }
        return parts;
    }

    /** The words each question is about (each question starts with them, quoted). */
    private static Set<String> asked(String questions) {
        Set<String> asked = new LinkedHashSet<>();
        for (String line : questions.split("\n")) {
            Matcher m = ASKED.matcher(line);
            if (m.find()) {
                asked.add(m.group(1));
            }
        }
        return asked;
    }
}
