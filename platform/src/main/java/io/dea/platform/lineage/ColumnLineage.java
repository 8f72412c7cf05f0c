package io.dea.platform.lineage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.WithItem;

/**
 * Derives column lineage from a model's compiled SQL, because dbt's manifest has none: each select
 * item's column references are followed through table aliases, CTEs and subqueries down to the
 * relations the query reads. What it derives is direct lineage only (the columns a value is computed
 * from), with OpenLineage's subtypes IDENTITY (copied), TRANSFORMATION (computed row by row) and
 * AGGREGATION (an aggregate or window function on the way). Columns used only to join, filter or group
 * (OpenLineage's INDIRECT lineage) are not reported; a value with no column reference, such as
 * {@code count(*)} or a literal, gets no inputs. An unqualified column that more than one relation
 * could hold, or a relation this code cannot see into (a table function), is left out rather than
 * guessed.
 */
public final class ColumnLineage {

    /** How an output column was made from an input column, from weakest to strongest. */
    public enum Kind { IDENTITY, TRANSFORMATION, AGGREGATION }

    /** A column of a relation the query reads, named as written in the SQL (lower case, unquoted). */
    public record Source(String relation, String column) {
    }

    private static final Set<String> AGGREGATES = Set.of("sum", "count", "avg", "min", "max", "any_value", "arbitrary",
            "first", "last", "median", "mode", "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop", "var_samp",
            "string_agg", "group_concat", "list", "array_agg", "bool_and", "bool_or", "count_if", "countif", "approx_count_distinct",
            "quantile", "quantile_cont", "quantile_disc", "arg_max", "arg_min", "max_by", "min_by", "product", "sumkahan", "fsum");

    private final Function<String, List<String>> columnsOf;

    private ColumnLineage(Function<String, List<String>> columnsOf) {
        this.columnsOf = columnsOf;
    }

    /**
     * For each output column of the query, in select order, the input columns it comes from.
     *
     * @param sql       one SELECT (dbt's compiled code of a model)
     * @param columnsOf the columns of a relation as written in the SQL, to expand {@code *} and to
     *                  place an unqualified column; an empty list when unknown
     * @throws JSQLParserException when the SQL is not one query JSqlParser can read
     */
    public static Map<String, Map<Source, Kind>> derive(String sql, Function<String, List<String>> columnsOf) throws JSQLParserException {
        Statement statement = CCJSqlParserUtil.parse(sql);
        if (!(statement instanceof Select select)) {
            throw new JSQLParserException("not a query: " + statement.getClass().getSimpleName());
        }
        return new ColumnLineage(columnsOf).select(select, Map.of()).columns();
    }

    /** A relation in a FROM clause: a table read from the warehouse or a query whose columns are derived. */
    private sealed interface Rel permits Base, Derived {
    }

    private record Base(String name) implements Rel {
    }

    private record Derived(LinkedHashMap<String, Map<Source, Kind>> columns) implements Rel {
    }

    private Derived select(Select select, Map<String, Derived> outerCtes) {
        Map<String, Derived> ctes = new HashMap<>(outerCtes);
        if (select.getWithItemsList() != null) {
            for (WithItem<?> with : select.getWithItemsList()) {
                // Each CTE sees the ones before it (a recursive CTE's self-reference stays unresolved).
                ctes.put(unquote(with.getAliasName()), select(with.getSelect(), ctes));
            }
        }
        if (select instanceof ParenthesedSelect parenthesed) {
            return select(parenthesed.getSelect(), ctes);
        }
        if (select instanceof PlainSelect plain) {
            return plain(plain, ctes);
        }
        if (select instanceof SetOperationList union) {
            return union(union, ctes);
        }
        throw new IllegalArgumentException("unsupported query form " + select.getClass().getSimpleName());
    }

    /** UNION and friends: output column i comes from column i of every branch, named by the first. */
    private Derived union(SetOperationList union, Map<String, Derived> ctes) {
        List<List<Map.Entry<String, Map<Source, Kind>>>> branches = new ArrayList<>();
        for (Select branch : union.getSelects()) {
            branches.add(new ArrayList<>(select(branch, ctes).columns().entrySet()));
        }
        LinkedHashMap<String, Map<Source, Kind>> columns = new LinkedHashMap<>();
        for (int i = 0; i < branches.get(0).size(); i++) {
            Map<Source, Kind> merged = new LinkedHashMap<>();
            for (var branch : branches) {
                if (i < branch.size()) {
                    branch.get(i).getValue().forEach((source, kind) -> merged.merge(source, kind, ColumnLineage::stronger));
                }
            }
            columns.put(branches.get(0).get(i).getKey(), merged);
        }
        return new Derived(columns);
    }

    private Derived plain(PlainSelect plain, Map<String, Derived> ctes) {
        LinkedHashMap<String, Rel> scope = new LinkedHashMap<>();
        if (plain.getFromItem() != null) {
            addFrom(plain.getFromItem(), ctes, scope);
        }
        if (plain.getJoins() != null) {
            for (Join join : plain.getJoins()) {
                addFrom(join.getFromItem(), ctes, scope);
            }
        }
        LinkedHashMap<String, Map<Source, Kind>> columns = new LinkedHashMap<>();
        for (SelectItem<?> item : plain.getSelectItems()) {
            Expression expression = item.getExpression();
            if (expression instanceof AllTableColumns tableColumns) {
                Rel rel = scope.get(unquote(tableColumns.getTable().getName()));
                if (rel != null) {
                    columns.putAll(expand(rel));
                }
            } else if (expression instanceof AllColumns) {
                scope.values().forEach(rel -> columns.putAll(expand(rel)));
            } else {
                String name = item.getAlias() != null ? unquote(item.getAlias().getName())
                        : expression instanceof Column column ? unquote(column.getColumnName())
                        : expression.toString().toLowerCase(Locale.ROOT);
                columns.put(name, origins(expression, scope));
            }
        }
        return new Derived(columns);
    }

    private void addFrom(FromItem from, Map<String, Derived> ctes, Map<String, Rel> scope) {
        if (from instanceof Table table) {
            String name = unquote(table.getName());
            Rel rel = table.getSchemaName() == null && ctes.containsKey(name) ? ctes.get(name) : new Base(qualified(table));
            scope.put(table.getAlias() != null ? unquote(table.getAlias().getName()) : name, rel);
        } else if (from instanceof ParenthesedSelect subquery) {
            Derived derived = select(subquery.getSelect(), ctes);
            if (subquery.getAlias() != null) {
                scope.put(unquote(subquery.getAlias().getName()), derived);
            } else {
                scope.put("(subquery " + scope.size() + ")", derived);
            }
        } else if (from instanceof ParenthesedFromItem parenthesed) {
            addFrom(parenthesed.getFromItem(), ctes, scope);
            if (parenthesed.getJoins() != null) {
                parenthesed.getJoins().forEach(join -> addFrom(join.getFromItem(), ctes, scope));
            }
        }
        // Table functions (read_csv, unnest, ...) and VALUES lists: nothing this code can see into.
    }

    private LinkedHashMap<String, Map<Source, Kind>> expand(Rel rel) {
        if (rel instanceof Derived derived) {
            return derived.columns();
        }
        Base base = (Base) rel;
        LinkedHashMap<String, Map<Source, Kind>> columns = new LinkedHashMap<>();
        for (String column : columnsOf.apply(base.name())) {
            String name = column.toLowerCase(Locale.ROOT);
            columns.put(name, Map.of(new Source(base.name(), name), Kind.IDENTITY));
        }
        return columns;
    }

    /** The input columns one select item is computed from, each with the strongest kind on its way. */
    private Map<Source, Kind> origins(Expression expression, Map<String, Rel> scope) {
        Map<Source, Kind> found = new LinkedHashMap<>();
        boolean[] aggregated = {false};
        expression.accept(new ExpressionVisitorAdapter<Void>() {
            @Override
            public <S> Void visit(Column column, S context) {
                resolve(column, scope).forEach((source, kind) -> found.merge(source, kind, ColumnLineage::stronger));
                return null;
            }

            @Override
            public <S> Void visit(net.sf.jsqlparser.expression.Function function, S context) {
                if (AGGREGATES.contains(function.getName().toLowerCase(Locale.ROOT))) {
                    aggregated[0] = true;
                }
                return super.visit(function, context);
            }

            @Override
            public <S> Void visit(AnalyticExpression analytic, S context) {
                aggregated[0] = true;
                if (analytic.getExpression() != null) {
                    analytic.getExpression().accept(this, context);
                }
                return null;
            }
        }, null);
        Kind own = expression instanceof Column ? Kind.IDENTITY : aggregated[0] ? Kind.AGGREGATION : Kind.TRANSFORMATION;
        Map<Source, Kind> result = new LinkedHashMap<>();
        found.forEach((source, kind) -> result.put(source, stronger(kind, own)));
        return result;
    }

    private Map<Source, Kind> resolve(Column column, Map<String, Rel> scope) {
        String name = unquote(column.getColumnName());
        Rel rel = null;
        if (column.getTable() != null && column.getTable().getName() != null) {
            rel = scope.get(unquote(column.getTable().getName()));
        } else if (scope.size() == 1) {
            rel = scope.values().iterator().next();
        } else {
            List<Rel> holders = scope.values().stream().filter(r -> holds(r, name)).toList();
            rel = holders.size() == 1 ? holders.get(0) : null;
        }
        if (rel instanceof Derived derived) {
            return derived.columns().getOrDefault(name, Map.of());
        }
        if (rel instanceof Base base) {
            List<String> known = columnsOf.apply(base.name());
            // A name the relation does not have (a keyword like current_date, a typo) is no input.
            if (!known.isEmpty() && known.stream().noneMatch(name::equalsIgnoreCase)) {
                return Map.of();
            }
            return Map.of(new Source(base.name(), name), Kind.IDENTITY);
        }
        return Map.of();
    }

    private boolean holds(Rel rel, String column) {
        if (rel instanceof Derived derived) {
            return derived.columns().containsKey(column);
        }
        return columnsOf.apply(((Base) rel).name()).stream().anyMatch(column::equalsIgnoreCase);
    }

    private static Kind stronger(Kind a, Kind b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** {@code "warehouse"."landing"."orders"} as {@code warehouse.landing.orders}. */
    private static String qualified(Table table) {
        List<String> parts = new ArrayList<>();
        if (table.getDatabaseName() != null) {
            parts.add(unquote(table.getDatabaseName()));
        }
        if (table.getSchemaName() != null) {
            parts.add(unquote(table.getSchemaName()));
        }
        parts.add(unquote(table.getName()));
        return String.join(".", parts);
    }

    static String unquote(String identifier) {
        String s = identifier.trim();
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("`") && s.endsWith("`"))) {
            s = s.substring(1, s.length() - 1).replace("\"\"", "\"");
        }
        return s.toLowerCase(Locale.ROOT);
    }
}
