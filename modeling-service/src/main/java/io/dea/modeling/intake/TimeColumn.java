package io.dea.modeling.intake;

import io.dea.modeling.ColumnProfile;
import io.dea.platform.goal.Identifiers;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The column a time grain ("daily", "per month") is taken over: a grain phrase that named a date
 * or timestamp column; else a DATE column of the first-named table that has one (a TIMESTAMP when
 * no named table has a DATE), preferring a name with "date"; two equally good ones are a question.
 */
final class TimeColumn {

    private TimeColumn() {
    }

    static Optional<TableColumn> choose(String grainWords, List<TableColumn> grains, List<LandedTable> order, Notes notes) {
        Optional<TableColumn> named = grains.stream().filter(c -> temporal(c.column())).findFirst();
        if (named.isPresent()) {
            notes.match("time column: " + named.get().ref() + " (the grain named, a " + named.get().column().type() + ")");
            return named;
        }
        for (Predicate<ColumnProfile> kind : List.<Predicate<ColumnProfile>>of(LandedTable::date, LandedTable::timestamp)) {
            for (LandedTable t : order) {
                List<ColumnProfile> columns = t.profile().columns().stream().filter(kind).filter(c -> Identifiers.isSafe(c.name())).toList();
                if (!columns.isEmpty()) {
                    return one(grainWords, t, columns, notes);
                }
            }
        }
        notes.ask("'" + grainWords + "': no table of " + String.join(", ", order.stream().map(LandedTable::name).toList())
                + " has a date or timestamp column; name the column to take it over (source.column)");
        return Optional.empty();
    }

    private static Optional<TableColumn> one(String grainWords, LandedTable table, List<ColumnProfile> columns, Notes notes) {
        List<ColumnProfile> dated = columns.stream().filter(c -> c.name().toLowerCase(Locale.ROOT).contains("date")).toList();
        List<ColumnProfile> pool = dated.isEmpty() ? columns : dated;
        if (pool.size() > 1) {
            notes.ask("'" + grainWords + "': " + table.name() + " has " + pool.size() + " such columns ("
                    + String.join(", ", pool.stream().map(c -> table.name() + "." + c.name()).toList())
                    + ") to take it over; name the one (source.column)");
            return Optional.empty();
        }
        ColumnProfile c = pool.get(0);
        notes.use(table);
        notes.match("grain: " + table.name() + "." + c.name() + " (from '" + grainWords + "': the " + c.type() + " column of "
                + table.name() + ", the first table named that has one" + (dated.isEmpty() ? "" : ", named with date") + ")");
        return Optional.of(new TableColumn(table, c));
    }

    static boolean temporal(ColumnProfile c) {
        return LandedTable.date(c) || LandedTable.timestamp(c);
    }
}
