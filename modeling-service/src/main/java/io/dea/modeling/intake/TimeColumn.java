package io.dea.modeling.intake;

import io.dea.modeling.ColumnProfile;
import io.dea.platform.goal.Identifiers;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The column a time grain ("daily", "per month") is taken over: a grain phrase that named a date
 * or timestamp column; else a DATE column of the first-named table that has one (a TIMESTAMP when
 * no named table has a DATE), preferring a name with "date", then a name sharing a word with the
 * measures ("hires": hire_date); two equally good ones are a question. Columns that say when a row
 * was written (created_at, updated_at, loaded_at) come last: they date the record, not what it counts.
 */
final class TimeColumn {

    private static final Set<String> BOOKKEEPING = Set.of("created", "updated", "modified", "inserted", "loaded", "ingested",
            "deleted", "synced", "extracted", "changed");

    private TimeColumn() {
    }

    /**
     * @param measureWords the words of the measures, to choose between two time columns of one table
     */
    static Optional<TableColumn> choose(String grainWords, List<TableColumn> grains, List<LandedTable> order, List<String> measureWords,
            Notes notes) {
        Optional<TableColumn> named = grains.stream().filter(c -> temporal(c.column())).findFirst();
        if (named.isPresent()) {
            notes.match("time column: " + named.get().ref() + " (the grain named, a " + named.get().column().type() + ")");
            return named;
        }
        for (boolean bookkeeping : List.of(false, true)) {
            for (Predicate<ColumnProfile> kind : List.<Predicate<ColumnProfile>>of(LandedTable::date, LandedTable::timestamp)) {
                for (LandedTable t : order) {
                    List<ColumnProfile> columns = t.profile().columns().stream().filter(kind).filter(c -> Identifiers.isSafe(c.name()))
                            .filter(c -> bookkeeping(c) == bookkeeping).toList();
                    if (!columns.isEmpty()) {
                        return one(grainWords, t, columns, measureWords, notes);
                    }
                }
            }
        }
        notes.ask("'" + grainWords + "': no table of " + String.join(", ", order.stream().map(LandedTable::name).toList())
                + " has a date or timestamp column; name the column to take it over (source.column)");
        return Optional.empty();
    }

    private static Optional<TableColumn> one(String grainWords, LandedTable table, List<ColumnProfile> columns, List<String> measureWords,
            Notes notes) {
        List<ColumnProfile> dated = columns.stream().filter(c -> c.name().toLowerCase(Locale.ROOT).contains("date")).toList();
        List<ColumnProfile> pool = dated.isEmpty() ? columns : dated;
        List<ColumnProfile> measured = pool.stream().filter(c -> sharesAWord(c, measureWords)).toList();
        if (pool.size() > 1 && measured.size() != 1) {
            notes.ask("'" + grainWords + "': " + table.name() + " has " + pool.size() + " such columns ("
                    + String.join(", ", pool.stream().map(c -> table.name() + "." + c.name()).toList())
                    + ") to take it over; name the one (source.column)");
            return Optional.empty();
        }
        ColumnProfile c = pool.size() > 1 ? measured.get(0) : pool.get(0);
        notes.use(table);
        notes.match("grain: " + table.name() + "." + c.name() + " (from '" + grainWords + "': the " + c.type() + " column of "
                + table.name() + ", the first table named that has one" + (dated.isEmpty() ? "" : ", named with date")
                + (pool.size() > 1 ? ", named like the measure" : "") + ")");
        return Optional.of(new TableColumn(table, c));
    }

    private static boolean sharesAWord(ColumnProfile c, List<String> words) {
        return Words.of(c.name()).stream().anyMatch(w -> words.stream().anyMatch(m -> Words.stem(m).equals(Words.stem(w))));
    }

    private static boolean bookkeeping(ColumnProfile c) {
        return Words.of(c.name()).stream().anyMatch(BOOKKEEPING::contains);
    }

    static boolean temporal(ColumnProfile c) {
        return LandedTable.date(c) || LandedTable.timestamp(c);
    }
}
