package io.dea.modeling.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The evaluation's figures over some phrasings: exact readings, parts right, questions asked where the
 * case expects one and where it does not, and confidently wrong parts (proposed, but not what the case
 * expects: the number to drive to zero, since a question is better than a guess).
 */
record EvalFigures(String schema, int phrasings, int exact, int partsRight, int partsExpected, int questionsExpected,
        int questionsAsked, int questionsUnexpected, int wrong, List<String> misses) {

    static final EvalFigures NONE = of("total");

    static EvalFigures of(String schema) {
        return new EvalFigures(schema, 0, 0, 0, 0, 0, 0, 0, 0, List.of());
    }

    /** One phrasing's figures, from the parts the proposal has and the words its questions are about. */
    static EvalFigures of(String schema, EvalCase c, Set<String> actual, Set<String> asked, String questions) {
        List<String> expected = c.parts();
        List<String> expectedQuestions = c.questions();
        List<String> missing = expected.stream().filter(p -> !actual.contains(p)).toList();
        List<String> extra = actual.stream().filter(p -> !expected.contains(p)).toList();
        int askedRight = (int) expectedQuestions.stream().filter(asked::contains).count();
        int unexpected = (int) asked.stream().filter(q -> !expectedQuestions.contains(q)).count();
        boolean same = missing.isEmpty() && extra.isEmpty() && askedRight == expectedQuestions.size() && unexpected == 0;
        List<String> misses = same ? List.of()
                : List.of("'" + c.words() + "': missing " + missing + ", wrong " + extra + ", questions [" + questions.replace("\n", " | ") + "]");
        return new EvalFigures(schema, 1, same ? 1 : 0, expected.size() - missing.size(), expected.size(), expectedQuestions.size(),
                askedRight, unexpected, extra.size(), misses);
    }

    EvalFigures plus(EvalFigures o) {
        List<String> all = new ArrayList<>(misses);
        all.addAll(o.misses);
        return new EvalFigures(schema, phrasings + o.phrasings, exact + o.exact, partsRight + o.partsRight,
                partsExpected + o.partsExpected, questionsExpected + o.questionsExpected, questionsAsked + o.questionsAsked,
                questionsUnexpected + o.questionsUnexpected, wrong + o.wrong, List.copyOf(all));
    }

    String line() {
        return String.format(Locale.ROOT, "intake evaluation [%s]: %d phrasings, %d exact (%.0f%%); parts right %d/%d; "
                        + "questions asked where expected %d/%d, where not expected %d; confidently wrong parts %d",
                schema, phrasings, exact, 100.0 * exact / phrasings, partsRight, partsExpected, questionsAsked, questionsExpected,
                questionsUnexpected, wrong);
    }
}
