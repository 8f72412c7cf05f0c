package io.dea.platform.goal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The names the model step proposes for landing columns, as its outputs carry them:
 * {@code orders.order_ts->ordered_at;...}. Keys are {@code source.column} as landing spells them.
 */
public record ColumnNames(Map<String, String> byColumn) implements Encoded {

    public ColumnNames {
        byColumn = Collections.unmodifiableMap(new LinkedHashMap<>(byColumn));
    }

    public static ColumnNames parse(String text) {
        return new ColumnNames(Pairs.parse(text, ";", "->"));
    }

    @Override
    public String encode() {
        return Pairs.join(byColumn, ";", "->");
    }
}
