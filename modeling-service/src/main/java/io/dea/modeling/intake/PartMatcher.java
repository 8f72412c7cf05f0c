package io.dea.modeling.intake;

import io.dea.events.v1.MeasureSpec;
import io.dea.modeling.ColumnProfile;
import io.dea.modeling.intake.Pick.Scored;
import io.dea.modeling.intake.Reading.Measure;
import io.dea.modeling.intake.Reading.Phrase;
import io.dea.platform.goal.Aggregate;
import io.dea.platform.goal.Identifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Matches the measures and the grain to the tables in scope: by name (the column's words, with its
 * table's), by type (a money word sums a numeric column; a count counts a table by its key), and
 * never by guessing (see {@link Pick}).
 */
final class PartMatcher {

    private static final String ASK_COLUMN = "name the column (source.column)";

    private final TextSimilarity similarity;
    private final List<LandedTable> scope;
    private final Notes notes;

    PartMatcher(TextSimilarity similarity, List<LandedTable> scope, Notes notes) {
        this.similarity = similarity;
        this.scope = scope;
        this.notes = notes;
    }

    String scopeNames() {
        return String.join(", ", scope.stream().map(LandedTable::name).toList());
    }

    Optional<MeasureSpec> measure(Measure m) {
        return measure(m, x -> Optional.empty());
    }

    /**
     * @param valueCount a count of rows with a category value ("signups", "cancelled flights"), tried first for a
     *                   count that is not of money; when it asks a question, the measure is left out
     */
    Optional<MeasureSpec> measure(Measure m, Function<Measure, Optional<MeasureSpec>> valueCount) {
        Phrase subject = m.subject();
        if (subject.words().isEmpty()) {
            notes.ask("'" + m.phrase().text() + "': say what to aggregate (a column, or a table to count)");
            return Optional.empty();
        }
        boolean money = subject.words().stream().anyMatch(Synonyms::money);
        boolean counts = m.agg() == null || m.agg() == Aggregate.COUNT || m.agg() == Aggregate.COUNT_DISTINCT;
        int asked = notes.questions.size();
        Optional<MeasureSpec> ofValue = counts && !money ? valueCount.apply(m) : Optional.empty();
        if (ofValue.isPresent() || notes.questions.size() > asked) {
            return ofValue; // counted, or asked about: not a count of the whole table
        }
        Pick<LandedTable> table = counts && !money ? table(subject.text()) : Pick.none();
        Pick<TableColumn> column = column(subject, kinds(m.agg()));
        if (table.found() && (!column.found() || table.score() >= column.score())) {
            return countRows(m, table.chosen(), table.score(), "the rows of table " + table.chosen().name());
        }
        if (!column.found()) {
            notes.unmatched(subject.text(), column.tied() ? column : table.tied() ? table : column, "column", scopeNames(), ASK_COLUMN);
            return Optional.empty();
        }
        TableColumn c = column.chosen();
        Aggregate agg = m.agg() == null ? Aggregate.SUM
                : m.agg() == Aggregate.COUNT && LandedTable.identifier(c.column()) ? Aggregate.COUNT_DISTINCT : m.agg();
        String name = name(agg, subject);
        notes.use(c.table());
        notes.match("measure " + name + ": " + agg.id() + " of " + c.ref() + " (from '" + m.phrase().text() + "': "
                + (money ? "a money word, to a numeric column, " : "") + "score " + Notes.score(column.score()) + ")");
        return Optional.of(new MeasureSpec(name, agg.id(), c.ref(), null));
    }

    /** "number of orders", "daily orders": the table's rows, counted by its key. */
    Optional<MeasureSpec> countRows(Measure m, LandedTable t, double score, String what) {
        String name = name(Aggregate.COUNT, m.subject());
        String key = t.key();
        if (key == null || !Identifiers.isSafe(key)) {
            notes.ask("'" + m.phrase().text() + "': " + t.name() + " has no key column to count its rows by; " + ASK_COLUMN);
            return Optional.empty();
        }
        notes.use(t);
        notes.match("measure " + name + ": count_distinct of " + t.name() + "." + key + " (from '" + m.phrase().text()
                + "': " + what + ", counted by its key, score " + Notes.score(score) + ")");
        return Optional.of(new MeasureSpec(name, Aggregate.COUNT_DISTINCT.id(), t.name() + "." + key, null));
    }

    /** A measure's name from its words: {@code revenue}, {@code order_count}, {@code avg_amount}, {@code max_order_date}. */
    static String name(Aggregate agg, Phrase subject) {
        return switch (agg) {
            case COUNT, COUNT_DISTINCT -> Words.snake(subject.words().stream().map(Words::singular).toList()) + "_count";
            case SUM -> Words.snake(subject.words());
            case AVG, MIN, MAX -> agg.id() + "_" + Words.snake(subject.words());
        };
    }

    /** Which columns an aggregate may take: sums and averages numbers, min and max numbers and times, counts anything. */
    private static Predicate<ColumnProfile> kinds(Aggregate agg) {
        Predicate<ColumnProfile> number = c -> LandedTable.numeric(c) && !LandedTable.identifier(c);
        if (agg == null || agg == Aggregate.SUM || agg == Aggregate.AVG) {
            return number;
        }
        if (agg == Aggregate.MIN || agg == Aggregate.MAX) {
            return number.or(LandedTable::date).or(LandedTable::timestamp);
        }
        return c -> true;
    }

    /** The grain column a "by"/"per" phrase names. */
    Optional<TableColumn> grain(Phrase phrase) {
        Pick<TableColumn> pick = column(phrase, c -> true);
        if (!pick.found()) {
            notes.unmatched(phrase.text(), pick, "column or value", scopeNames(), ASK_COLUMN);
            return Optional.empty();
        }
        notes.use(pick.chosen().table());
        notes.match("grain: " + pick.chosen().ref() + " (from 'by " + phrase.text() + "', score " + Notes.score(pick.score()) + ")");
        return Optional.of(pick.chosen());
    }

    /** The table the words name, by its name. */
    Pick<LandedTable> table(String words) {
        List<Scored<LandedTable>> scored = scope.stream()
                .map(t -> new Scored<>(t, similarity.score(words, t.name()), t.name())).toList();
        return Pick.best(scored, similarity);
    }

    /** The column the words name among the columns of the kinds given; {@code source.column} written out is taken as it is. */
    Pick<TableColumn> column(Phrase words, Predicate<ColumnProfile> kinds) {
        List<Scored<TableColumn>> scored = new ArrayList<>();
        for (TableColumn c : columns(kinds)) {
            double score = words.words().size() == 1 && words.words().get(0).equalsIgnoreCase(c.ref()) ? 1
                    : Math.max(similarity.score(words.text(), c.column().name()), similarity.score(words.text(), c.table().describe(c.column())));
            scored.add(new Scored<>(c, score, c.ref()));
        }
        return Pick.best(scored, similarity);
    }

    /**
     * The columns in scope that a goal can name (plain identifiers). A table's own {@code id} is left
     * out where another table refers to it ({@code customer_id}): both are the same key, and the
     * reference is the one next to the facts.
     */
    List<TableColumn> columns(Predicate<ColumnProfile> kinds) {
        List<TableColumn> columns = new ArrayList<>();
        for (LandedTable t : scope) {
            for (ColumnProfile c : t.profile().columns()) {
                if (Identifiers.isSafe(c.name()) && kinds.test(c) && !referencedElsewhere(t, c)) {
                    columns.add(new TableColumn(t, c));
                }
            }
        }
        return columns;
    }

    private boolean referencedElsewhere(LandedTable table, ColumnProfile column) {
        if (!column.name().equalsIgnoreCase("id")) {
            return false;
        }
        String reference = Words.singular(table.name().toLowerCase(java.util.Locale.ROOT)) + "_id";
        return scope.stream().filter(t -> t != table).anyMatch(t -> t.profile().column(reference).isPresent());
    }
}
