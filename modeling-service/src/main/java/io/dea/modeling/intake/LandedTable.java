package io.dea.modeling.intake;

import io.dea.events.v1.SourceSpec;
import io.dea.modeling.ColumnProfile;
import io.dea.modeling.KeyInference;
import io.dea.modeling.TableProfile;
import java.util.Locale;

/**
 * A landed table the words may name: its profile, and the source spec it was loaded from (the
 * goal's, or the connector on main), or null when neither says.
 */
record LandedTable(String name, TableProfile profile, SourceSpec spec) {

    /** The table's key as modeling infers it, or null when it has none. */
    String key() {
        return KeyInference.choose(profile, spec == null ? null : spec.getPrimaryKey()).column();
    }

    /** How the table's rows are named in words: orders as order, plus the column's own words. */
    String describe(ColumnProfile column) {
        return Words.singular(name.toLowerCase(Locale.ROOT)) + " " + column.name();
    }

    static boolean numeric(ColumnProfile c) {
        String t = c.type().toUpperCase(Locale.ROOT);
        return t.startsWith("DECIMAL") || t.startsWith("NUMERIC") || t.endsWith("INT") || t.startsWith("HUGEINT")
                || t.equals("INTEGER") || t.equals("BIGINT") || t.equals("SMALLINT") || t.equals("TINYINT")
                || t.equals("DOUBLE") || t.equals("FLOAT") || t.equals("REAL");
    }

    static boolean date(ColumnProfile c) {
        return c.type().equalsIgnoreCase("DATE");
    }

    static boolean timestamp(ColumnProfile c) {
        return c.type().toUpperCase(Locale.ROOT).startsWith("TIMESTAMP");
    }

    /** A key or a reference to one: counted, never summed. */
    static boolean identifier(ColumnProfile c) {
        java.util.List<String> words = Words.of(c.name());
        return !words.isEmpty() && words.get(words.size() - 1).equals("id");
    }
}
