package io.dea.modeling.intake;

import io.dea.events.v1.MeasureSpec;
import io.dea.modeling.ColumnProfile;
import io.dea.modeling.intake.Pick.Scored;
import io.dea.modeling.intake.Reading.Filter;
import io.dea.modeling.intake.Reading.FilterKind;
import io.dea.modeling.intake.Reading.Measure;
import io.dea.modeling.intake.Reading.Phrase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Filters from "excluding"/"without" (a value left out), "only" (a value kept) and "where" (a
 * column compared with a number or a category value). Values are matched to the category values
 * profiling found ({@code returned} of {@code orders.status}); a word naming a table ("orders" in
 * "returned orders") only says where to look.
 */
final class FilterMatcher {

    private static final String ASK_FILTER = "write the filter (e.g. source.column <> 'value')";

    /** A value chosen for a filter, with the phrase it came from. */
    private record Chosen(FilterKind kind, TableColumn column, String value, String phrase, double score) {
    }

    private final TextSimilarity similarity;
    private final List<LandedTable> scope;
    private final PartMatcher parts;
    private final Notes notes;

    FilterMatcher(TextSimilarity similarity, List<LandedTable> scope, PartMatcher parts, Notes notes) {
        this.similarity = similarity;
        this.scope = scope;
        this.parts = parts;
        this.notes = notes;
    }

    List<String> filters(List<Filter> filters) {
        List<String> expressions = new ArrayList<>();
        Map<String, List<Chosen>> choices = new LinkedHashMap<>();
        for (Filter f : filters) {
            if (f.kind() == FilterKind.WHERE) {
                where(f).ifPresent(expressions::add);
            } else {
                value(f).ifPresent(c -> choices.computeIfAbsent(c.kind() + " " + c.column().ref(), k -> new ArrayList<>()).add(c));
            }
        }
        choices.values().forEach(same -> grouped(same).ifPresent(expressions::add));
        return expressions;
    }

    /** The values of one column chosen by one kind of phrase: one filter (= / <>, or IN / NOT IN). */
    private Optional<String> grouped(List<Chosen> same) {
        Chosen first = same.get(0);
        List<String> values = same.stream().map(Chosen::value).distinct().toList();
        Optional<String> filter = SqlLiterals.filter(first.column().ref(), first.kind() == FilterKind.ONLY, values);
        String phrases = String.join("', '", same.stream().map(Chosen::phrase).toList());
        if (filter.isEmpty()) {
            notes.ask("'" + phrases + "': a value of " + first.column().ref() + " it matches holds characters a filter may not carry; "
                    + ASK_FILTER);
            return Optional.empty();
        }
        notes.use(first.column().table());
        notes.match("filter: " + filter.get() + " (from '" + (first.kind() == FilterKind.ONLY ? "only " : "excluding ") + phrases
                + "': " + (values.size() == 1 ? "a value" : "values") + " of " + first.column().ref() + ", score "
                + Notes.score(same.stream().mapToDouble(Chosen::score).min().orElse(0)) + ")");
        return filter;
    }

    /** Words that may name a table ("orders" in "returned orders"): the table, or null, and the other words. */
    private record Hinted(LandedTable table, List<String> rest) {
    }

    /** "returned orders": the value the words name, in the table they name when they name one. */
    private Optional<Chosen> value(Filter f) {
        Hinted hinted = hinted(f.subject());
        if (hinted.rest().isEmpty()) {
            notes.ask("'" + f.phrase().text() + "': say which values to " + (f.kind() == FilterKind.ONLY ? "keep" : "leave out"));
            return Optional.empty();
        }
        Pick<Chosen> pick = values(f, new Phrase(hinted.rest()), hinted.table());
        if (!pick.found()) {
            notes.unmatched(String.join(" ", hinted.rest()), pick, "category value",
                    hinted.table() == null ? parts.scopeNames() : hinted.table().name(), ASK_FILTER);
            return Optional.empty();
        }
        return Optional.of(pick.chosen());
    }

    /**
     * A count of a category value ("signups", "cancelled flights"): the rows of the value's table with that value,
     * counted by its key, and the filter that keeps them added to {@code filters}. Empty, and nothing said, when the
     * words name no value, or name a table or column outright ("orders", "customers"); a question when the measure is
     * not {@code alone}, since the filter would apply to the other measures too.
     */
    Optional<MeasureSpec> countOfValue(Measure m, List<String> filters, boolean alone) {
        Hinted hinted = hinted(m.subject());
        boolean plain = hinted.table() == null && (parts.table(m.subject().text()).found() || parts.column(m.subject(), c -> true).found());
        if (hinted.rest().isEmpty() || plain) {
            return Optional.empty();
        }
        Pick<Chosen> pick = values(new Filter(FilterKind.ONLY, m.phrase(), m.subject(), null, null), new Phrase(hinted.rest()), hinted.table());
        if (!pick.found()) {
            return Optional.empty();
        }
        Chosen c = pick.chosen();
        if (!alone) {
            notes.ask("'" + m.phrase().text() + "': counts the rows with a value of " + c.column().ref() + ", a filter that would apply to "
                    + "every measure; ask for it in a mart of its own, or write the filter (e.g. source.column = 'value')");
            return Optional.empty();
        }
        Optional<String> filter = SqlLiterals.filter(c.column().ref(), true, List.of(c.value()));
        Optional<MeasureSpec> measure = filter.isEmpty() ? Optional.empty()
                : parts.countRows(m, c.column().table(), c.score(), "the rows of " + c.column().table().name() + " with a value of "
                        + c.column().ref());
        measure.ifPresent(x -> {
            filters.add(filter.get());
            notes.match("filter: " + filter.get() + " (from '" + m.phrase().text() + "': a value of " + c.column().ref()
                    + ", the rows the measure counts, score " + Notes.score(c.score()) + ")");
        });
        return measure;
    }

    private Hinted hinted(Phrase words) {
        List<String> rest = new ArrayList<>();
        LandedTable hint = null;
        for (String word : words.words()) {
            Optional<LandedTable> named = scope.stream().filter(t -> sameNoun(word, t.name())).findFirst();
            if (named.isPresent() && hint == null) {
                hint = named.get();
            } else {
                rest.add(word);
            }
        }
        return new Hinted(hint, rest);
    }

    private Pick<Chosen> values(Filter f, Phrase words, LandedTable hint) {
        List<Scored<Chosen>> scored = new ArrayList<>();
        for (LandedTable t : scope) {
            if (hint != null && t != hint) {
                continue;
            }
            for (ColumnProfile c : t.profile().columns()) {
                if (!c.isCategory(t.profile().rows()) || !io.dea.platform.goal.Identifiers.isSafe(c.name())) {
                    continue;
                }
                for (int i = 0; i < c.values().size(); i++) {
                    String v = c.values().get(i);
                    double score = Math.max(similarity.score(words.text(), v), similarity.score(words.text(), c.name() + " " + v));
                    // The label names the column and the value's place only: a question never quotes the data.
                    scored.add(new Scored<>(new Chosen(f.kind(), new TableColumn(t, c), v, f.phrase().text(), score), score,
                            t.name() + "." + c.name() + " (value " + (i + 1) + " of " + c.values().size() + ")"));
                }
            }
        }
        return Pick.best(scored, similarity);
    }

    /** "where amount over 100", "where status is shipped". */
    private Optional<String> where(Filter f) {
        Pick<TableColumn> pick = parts.column(f.subject(), c -> true);
        if (!pick.found()) {
            notes.unmatched(f.subject().text(), pick, "column", parts.scopeNames(), "name the column (source.column)");
            return Optional.empty();
        }
        TableColumn c = pick.chosen();
        String value = f.value().text();
        Optional<String> filter;
        if (value.matches("\\d+(\\.\\d+)?") && LandedTable.numeric(c.column())) {
            filter = SqlLiterals.compare(c.ref(), f.op(), value);
        } else if (c.column().isCategory(c.table().profile().rows()) && (f.op().equals("=") || f.op().equals("<>"))) {
            filter = categoryValue(c, f.value()).flatMap(v -> SqlLiterals.filter(c.ref(), f.op().equals("="), List.of(v)));
        } else {
            filter = Optional.empty();
        }
        if (filter.isEmpty()) {
            notes.ask("'where " + f.phrase().text() + "': compares " + c.ref() + " with neither a number nor one of its category values; "
                    + ASK_FILTER);
            return filter;
        }
        notes.use(c.table());
        notes.match("filter: " + filter.get() + " (from 'where " + f.phrase().text() + "', column score " + Notes.score(pick.score()) + ")");
        return filter;
    }

    private Optional<String> categoryValue(TableColumn c, Phrase words) {
        List<Scored<String>> scored = new ArrayList<>();
        for (String v : c.column().values()) {
            scored.add(new Scored<>(v, similarity.score(words.text(), v), "value " + (scored.size() + 1)));
        }
        return Optional.ofNullable(Pick.best(scored, similarity).chosen());
    }

    /** A word that is a table's name, singular or plural ("orders", "order"). */
    private static boolean sameNoun(String word, String table) {
        return Words.singular(word).equals(Words.singular(table.toLowerCase(Locale.ROOT)));
    }
}
