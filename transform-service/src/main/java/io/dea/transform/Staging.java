package io.dea.transform;

import io.dea.platform.goal.KeyList;
import io.dea.platform.goal.ColumnNames;
import io.dea.platform.artifact.DataProject;
import io.dea.platform.goal.ColumnRef;
import io.dea.platform.codegen.DbtSql;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The staging layer: one view per source, {@code stg_<mart>__<source>}, that renames columns to the
 * team's naming standard and casts them, so the mart reads clean, typed columns. Money read from a
 * CSV arrives as DOUBLE; a floating column whose every value has at most two decimals is cast to
 * DECIMAL(18,2), so sums are exact instead of {@code 3930.5499999999993}. The names come from the
 * model step, which reads the data project's {@code naming.yml}; without them the defaults apply.
 * Staging models are per mart because dbt model names are global to the project and each mart owns
 * its own dbt source; a mart whose staging of a source would equal another mart's merged one selects
 * from that one instead ({@link StagingReuse}).
 */
final class Staging {

    static final String MONEY = "DECIMAL(18,2)";

    private final String mart;
    private final LandingColumns columns;
    private final Map<String, String> models = new LinkedHashMap<>();
    private final Map<String, String> renames = new LinkedHashMap<>();

    /**
     * @param stagingModels the model step's {@code staging_models} ({@code orders:stg_m__orders,...}), or null
     * @param columnNames   the model step's {@code column_names} ({@code orders.OrderDate->order_date;...}), or null
     */
    Staging(String mart, LandingColumns columns, List<String> sources, KeyList stagingModels, ColumnNames columnNames) {
        this.mart = mart;
        this.columns = columns;
        if (stagingModels != null) {
            models.putAll(stagingModels.bySource());
        }
        if (columnNames != null) {
            columnNames.byColumn().forEach((column, name) -> renames.put(column.toLowerCase(Locale.ROOT), name));
        }
        for (String source : sources) {
            models.putIfAbsent(source, "stg_" + mart + "__" + source);
            String model = models.get(source);
            if (!io.dea.platform.goal.Identifiers.isSafe(model)) {
                throw new MartModelException("staging model name '" + model + "' for " + source + " is not a plain identifier");
            }
        }
    }

    String model(String source) {
        return models.get(source);
    }

    Map<String, String> models() {
        return models;
    }

    /** The column's name in the staging model. */
    String staged(String source, LandingColumns.Column column) {
        String given = renames.get((source + "." + column.name()).toLowerCase(Locale.ROOT));
        String name = given != null ? given : defaultName(column);
        if (!io.dea.platform.goal.Identifiers.isSafe(name)) {
            throw new MartModelException("staged name '" + name + "' of " + source + "." + column.name() + " is not a plain identifier");
        }
        return name;
    }

    String staged(ColumnRef ref, String where) {
        return staged(ref.source(), columns.require(ref, where));
    }

    /** The default standard: snake_case; a DATE ends in _date, a TIMESTAMP in _at. */
    static String defaultName(LandingColumns.Column column) {
        String snake = column.name().trim()
                .replaceAll("([a-z0-9])([A-Z])", "$1_$2")
                .replaceAll("[^A-Za-z0-9]+", "_")
                .replaceAll("^_+|_+$", "")
                .toLowerCase(Locale.ROOT);
        if (snake.isEmpty() || Character.isDigit(snake.charAt(0))) {
            snake = "c_" + snake;
        }
        String type = column.type().toUpperCase(Locale.ROOT);
        if (type.equals("DATE") && !snake.endsWith("_date") && !snake.equals("date")) {
            snake += "_date";
        } else if (type.startsWith("TIMESTAMP") && !snake.endsWith("_at")) {
            snake += "_at";
        }
        return snake;
    }

    /**
     * The staging model of one source, and one line per cast saying why.
     *
     * @param numeric columns summed or averaged by a measure: a column without a single value was read
     *                as VARCHAR, and is cast so the sum is a number (of nothing)
     */
    Model render(String source, Set<String> numeric) {
        Rendered rendered = render(mart, source, numeric);
        return new Model(model(source), DataProject.modelDir(mart) + "/staging/" + model(source) + ".sql", rendered.sql(), rendered.casts());
    }

    /**
     * The SQL this source's staging model would have had if mart {@code owner} had written it: equal to
     * a staging file of that mart, that file renames and casts exactly as this mart's staging would.
     */
    String sqlAs(String owner, String source, Set<String> numeric) {
        return render(owner, source, numeric).sql();
    }

    /** This mart selects the source from another mart's staging model instead of writing its own. */
    void reuse(String source, String model) {
        models.put(source, model);
    }

    private Rendered render(String owner, String source, Set<String> numeric) {
        List<String> select = new ArrayList<>();
        List<String> casts = new ArrayList<>();
        for (LandingColumns.Column c : columns.of(source)) {
            String raw = DbtSql.qualified("src", c.name());
            String name = staged(source, c);
            String expr = raw;
            if (c.cents()) {
                expr = "cast(" + raw + " as " + MONEY + ")";
                casts.add(source + "." + c.name() + " " + c.type() + " -> " + MONEY + " (every value has at most 2 decimals: money, summed exactly)");
            } else if (c.values() == 0 && c.type().equalsIgnoreCase("VARCHAR") && numeric.contains(c.name().toLowerCase(Locale.ROOT))) {
                expr = "cast(" + raw + " as DOUBLE)";
                casts.add(source + "." + c.name() + " VARCHAR -> DOUBLE (no values to infer a type from, and a measure sums it)");
            }
            select.add(expr + " as " + DbtSql.identifier(name));
        }
        String sql = "{{ config(materialized='view') }}\n\n"
                + "-- Staging of " + source + " for mart " + owner + ", generated by the transform agent: names follow the\n"
                + "-- data project's naming standard, money is DECIMAL. A view: it only renames and casts.\n\n"
                + "select\n    " + String.join(",\n    ", select) + "\n"
                + "from {{ source('" + DataProject.sourceName(owner) + "', '" + source + "') }} as src\n";
        return new Rendered(sql, casts);
    }

    private record Rendered(String sql, List<String> casts) {
    }

    /** A staging model's name, path, SQL and the casts it makes. */
    record Model(String name, String path, String sql, List<String> casts) {
    }
}
