package io.dea.modeling.intake;

import io.dea.modeling.intake.Grammar.Clause;
import io.dea.modeling.intake.Reading.Filter;
import io.dea.modeling.intake.Reading.FilterKind;
import io.dea.modeling.intake.Reading.Measure;
import io.dea.modeling.intake.Reading.Phrase;
import io.dea.platform.goal.Aggregate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a goal's words with the grammar of {@link Grammar} (docs/intent.md): the text is cut into
 * clauses at their keywords (from, by, per, excluding, only, where, called, ...), what comes before
 * the first keyword is the measures, and each clause is split into items at "and" and commas.
 * Nothing is matched to the data here.
 */
final class GoalText {

    private static final Pattern TOKEN = Pattern.compile("\\d+(?:\\.\\d+)?|[a-z_][a-z0-9_]*(?:\\.[a-z_][a-z0-9_]*)?|<>|!=|>=|<=|[<>=,&]");

    private record Segment(Clause clause, List<String> tokens) {
    }

    private final List<Measure> measures = new ArrayList<>();
    private final List<Phrase> grains = new ArrayList<>();
    private final List<Phrase> sources = new ArrayList<>();
    private final List<Filter> filters = new ArrayList<>();
    private final List<String> questions = new ArrayList<>();
    private String timeGrain;
    private String timeWords;
    private String martName;
    private String environment;

    private GoalText() {
    }

    static Reading read(String text) {
        GoalText reading = new GoalText();
        for (Segment segment : reading.segments(tokens(text))) {
            reading.take(segment);
        }
        return new Reading(List.copyOf(reading.measures), reading.timeGrain, reading.timeWords, List.copyOf(reading.grains),
                List.copyOf(reading.sources), List.copyOf(reading.filters), reading.martName, reading.environment,
                List.copyOf(reading.questions));
    }

    static List<String> tokens(String text) {
        String plain = (text == null ? "" : text).toLowerCase(Locale.ROOT).replace("n't", " not").replaceAll("['\"`]", " ");
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(plain);
        while (m.find()) {
            tokens.add(m.group());
        }
        return tokens;
    }

    /** The clauses in order; "in dev|staging|prod" is taken as the environment wherever it stands. */
    private List<Segment> segments(List<String> tokens) {
        List<Segment> segments = new ArrayList<>();
        Clause clause = Clause.MEASURES;
        List<String> current = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).equals("in") && i + 1 < tokens.size() && Grammar.ENVIRONMENTS.containsKey(tokens.get(i + 1))) {
                environment = Grammar.ENVIRONMENTS.get(tokens.get(++i));
                continue;
            }
            String keyword = Grammar.startsWith(tokens, i, Grammar.CLAUSES);
            if (keyword == null) {
                current.add(tokens.get(i));
                continue;
            }
            segments.add(new Segment(clause, current));
            clause = Grammar.CLAUSES.get(keyword);
            current = new ArrayList<>();
            i += keyword.split(" ").length - 1;
        }
        segments.add(new Segment(clause, current));
        return segments;
    }

    private void take(Segment segment) {
        List<String> tokens = timeWords(segment.tokens());
        switch (segment.clause()) {
            case MEASURES -> items(tokens).forEach(this::measure);
            case GRAIN -> items(tokens).forEach(this::grain);
            case SOURCES -> items(tokens).stream().map(GoalText::content).filter(w -> !w.isEmpty()).forEach(w -> sources.add(new Phrase(w)));
            case EXCLUDE -> items(tokens).forEach(item -> choice(FilterKind.EXCLUDE, item));
            case ONLY -> items(tokens).forEach(item -> choice(FilterKind.ONLY, item));
            case WHERE -> split(tokens, List.of("and")).forEach(this::where);
            case NAME -> martName = content(tokens).isEmpty() ? null : Words.snake(content(tokens));
        }
    }

    /** Takes the time grain words (daily, each month, ...) out of a clause, and records the grain they say. */
    private List<String> timeWords(List<String> tokens) {
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            String word = tokens.get(i);
            boolean each = (word.equals("each") || word.equals("every")) && i + 1 < tokens.size()
                    && Grammar.TIME_NOUNS.containsKey(tokens.get(i + 1));
            if (Grammar.TIME_ADJECTIVES.containsKey(word)) {
                time(Grammar.TIME_ADJECTIVES.get(word), word);
            } else if (each) {
                time(Grammar.TIME_NOUNS.get(tokens.get(i + 1)), word + " " + tokens.get(++i));
            } else if (Grammar.UNSUPPORTED_TIME.contains(word)) {
                questions.add("'" + word + "': the time grains are day, week and month; say daily, weekly or monthly");
            } else {
                rest.add(word);
            }
        }
        return rest;
    }

    private void time(String grain, String words) {
        if (timeGrain != null && !timeGrain.equals(grain)) {
            questions.add("'" + timeWords + "' and '" + words + "': two time grains; say one of them");
            return;
        }
        timeGrain = grain;
        timeWords = words;
    }

    private void measure(List<String> item) {
        List<String> words = leadingFillersOff(item);
        Aggregate agg = null;
        int at = 0;
        for (String phrase = Grammar.startsWith(words, at, Grammar.AGGREGATES_BEFORE); phrase != null;
             phrase = Grammar.startsWith(words, at, Grammar.AGGREGATES_BEFORE)) {
            agg = Grammar.AGGREGATES_BEFORE.get(phrase);
            at += phrase.split(" ").length;
        }
        List<String> subject = new ArrayList<>(words.subList(at, words.size()));
        if (agg == null && subject.size() > 1 && Grammar.AGGREGATES_AFTER.containsKey(subject.get(subject.size() - 1))) {
            agg = Grammar.AGGREGATES_AFTER.get(subject.remove(subject.size() - 1));
        }
        if (!words.isEmpty()) {
            measures.add(new Measure(agg, new Phrase(words), new Phrase(content(subject))));
        }
    }

    private void grain(List<String> item) {
        List<String> words = content(item);
        if (words.size() == 1 && Grammar.TIME_NOUNS.containsKey(words.get(0))) {
            time(Grammar.TIME_NOUNS.get(words.get(0)), "by " + words.get(0));
        } else if (!words.isEmpty()) {
            grains.add(new Phrase(words));
        }
    }

    private void choice(FilterKind kind, List<String> item) {
        List<String> words = content(item);
        if (!words.isEmpty()) {
            filters.add(new Filter(kind, new Phrase(words), new Phrase(words), null, null));
        }
    }

    /** "where COLUMN WORDS OPERATOR VALUE": the first operator splits it; without one it is a choice of values. */
    private void where(List<String> item) {
        for (int i = 1; i < item.size(); i++) {
            String op = Grammar.startsWith(item, i, Grammar.OPERATORS);
            if (op != null) {
                List<String> value = item.subList(i + op.split(" ").length, item.size());
                filters.add(new Filter(FilterKind.WHERE, new Phrase(List.copyOf(item)), new Phrase(content(item.subList(0, i))),
                        Grammar.OPERATORS.get(op), new Phrase(List.copyOf(value))));
                return;
            }
        }
        choice(FilterKind.ONLY, item);
    }

    private static List<String> leadingFillersOff(List<String> item) {
        int start = 0;
        while (start < item.size() && Grammar.FILLERS.contains(item.get(start))
                && Grammar.startsWith(item, start, Grammar.AGGREGATES_BEFORE) == null) {
            start++;
        }
        return item.subList(start, item.size());
    }

    /** The words that carry meaning: fillers (a, the, mart, ...) left out. */
    static List<String> content(List<String> words) {
        return words.stream().filter(w -> !Grammar.FILLERS.contains(w)).toList();
    }

    private static List<List<String>> items(List<String> tokens) {
        return split(tokens, List.copyOf(Grammar.JOINERS));
    }

    private static List<List<String>> split(List<String> tokens, List<String> joiners) {
        List<List<String>> items = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String token : tokens) {
            if (joiners.contains(token)) {
                items.add(current);
                current = new ArrayList<>();
            } else {
                current.add(token);
            }
        }
        items.add(current);
        return items.stream().filter(i -> !i.isEmpty()).toList();
    }
}
