package io.dea.platform.catalog;

import io.dea.events.v1.MartSpec;
import io.dea.events.v1.MeasureSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the goal says about its mart, for the mart's entries: each measure column's definition
 * ({@code measure: sum of payments.amount}), the grain columns, and the table's filters. So the
 * mart's {@code revenue} is found by what it adds up, not only by its name.
 */
record MartFacts(Map<String, String> table, Map<String, Map<String, String>> columns) {

    static final MartFacts NONE = new MartFacts(Map.of(), Map.of());

    /** The attribute that marks a column of money, found by transform (a DOUBLE whose values have at most two decimals). */
    static final Map<String, String> MONEY = Map.of("money", "amount of money");
    private static final java.util.Set<String> MONEY_AGGREGATES = java.util.Set.of("sum", "avg", "min", "max");

    /**
     * @param money the goal's money columns, {@code payments.amount}: a sum, average, minimum or maximum of one is money too
     */
    static MartFacts of(MartSpec mart, java.util.Set<String> money) {
        if (mart == null) {
            return NONE;
        }
        Map<String, Map<String, String>> columns = new LinkedHashMap<>();
        for (MeasureSpec m : mart.getMeasures() == null ? List.<MeasureSpec>of() : mart.getMeasures()) {
            Map<String, String> facts = new LinkedHashMap<>(Map.of("measure", m.getAgg().replace('_', ' ') + " of " + m.getExpr()));
            if (MONEY_AGGREGATES.contains(m.getAgg()) && money.contains(m.getExpr().strip())) {
                facts.putAll(MONEY);
            }
            columns.put(m.getName(), facts);
        }
        for (String grain : mart.getGrain() == null ? List.<String>of() : mart.getGrain()) {
            String column = grain.substring(grain.lastIndexOf('.') + 1);
            columns.putIfAbsent(column, Map.of("grain", (mart.getTimeGrain() == null ? "" : mart.getTimeGrain() + " ") + "grain, from " + grain));
        }
        Map<String, String> table = new LinkedHashMap<>();
        if (mart.getFilters() != null && !mart.getFilters().isEmpty()) {
            table.put("filters", String.join(" and ", mart.getFilters()));
        }
        return new MartFacts(table, columns);
    }

    Map<String, String> column(String name) {
        return columns.getOrDefault(name, Map.of());
    }
}
