package io.dea.modeling;

import java.util.Optional;

/**
 * Chooses a landing table's primary key: the goal's when it gives one; else a column named
 * {@code id} or {@code <source>_id} (singular or plural) that is unique and never null; else the
 * first such column of any name. A table where no column qualifies has no key, and says so.
 */
public final class KeyInference {

    /** The chosen key column (null when none) and why. */
    public record KeyChoice(String column, String reason) {
    }

    private KeyInference() {
    }

    public static KeyChoice choose(TableProfile table, String declared) {
        if (declared != null && !declared.isBlank()) {
            ColumnProfile column = table.column(declared.trim()).orElseThrow(() -> new IllegalArgumentException(
                    "primary_key " + declared + " of source " + table.source() + " is not a column of landing." + table.source()));
            String check = column.identifies(table.rows()) ? ""
                    : " (warning: " + column.nulls() + " nulls, " + column.distinct() + " distinct in " + table.rows() + " rows)";
            return new KeyChoice(column.name(), "declared in the goal" + check);
        }
        Optional<ColumnProfile> named = table.columns().stream()
                .filter(c -> c.identifies(table.rows()))
                .filter(c -> c.name().equalsIgnoreCase("id") || c.name().equalsIgnoreCase(table.source() + "_id")
                        || (Naming.idStem(c.name()) != null && Naming.namesSource(Naming.idStem(c.name()), table.source())))
                .findFirst();
        if (named.isPresent()) {
            return new KeyChoice(named.get().name(), "named like a key, unique and not null");
        }
        return table.columns().stream().filter(c -> c.identifies(table.rows())).findFirst()
                .map(c -> new KeyChoice(c.name(), "first unique, not-null column"))
                .orElse(new KeyChoice(null, "no column is unique and not null"));
    }
}
