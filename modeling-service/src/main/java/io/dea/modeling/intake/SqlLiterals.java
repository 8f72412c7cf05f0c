package io.dea.modeling.intake;

import io.dea.platform.goal.ColumnRef;
import io.dea.platform.goal.GoalExpression;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Filters over values from the data. A value stays data: it is written as a SQL string literal
 * (quotes doubled), and only when it holds nothing that could end the literal another way or start
 * a template (a backslash, a control character, a Jinja delimiter); the filter is then parsed back
 * with {@link GoalExpression}, the orchestrator's own check, and must name exactly its column.
 */
final class SqlLiterals {

    private static final int LONGEST = 200;

    private SqlLiterals() {
    }

    /** The value as a string literal, or empty when it may not be written into a filter. */
    static Optional<String> quote(String value) {
        boolean plain = value != null && value.length() <= LONGEST && value.indexOf('\\') < 0 && value.chars().noneMatch(Character::isISOControl)
                && !value.contains("{{") && !value.contains("{%") && !value.contains("{#");
        return plain ? Optional.of("'" + value.replace("'", "''") + "'") : Optional.empty();
    }

    /**
     * {@code column <> 'a'}, {@code column = 'a'}, or with several values {@code column NOT IN ('a', 'b')} /
     * {@code IN}; empty when a value may not be quoted or the result is not a plain filter of that column.
     */
    static Optional<String> filter(String column, boolean keep, List<String> values) {
        List<Optional<String>> quoted = values.stream().map(SqlLiterals::quote).toList();
        if (values.isEmpty() || quoted.stream().anyMatch(Optional::isEmpty)) {
            return Optional.empty();
        }
        String list = quoted.stream().map(Optional::get).collect(Collectors.joining(", "));
        String expression = values.size() == 1 ? column + (keep ? " = " : " <> ") + list
                : column + (keep ? " IN (" : " NOT IN (") + list + ")";
        return checked(expression, column);
    }

    /** {@code column op literal} for a literal already safe (a number). */
    static Optional<String> compare(String column, String op, String literal) {
        return checked(column + " " + op + " " + literal, column);
    }

    private static Optional<String> checked(String expression, String column) {
        try {
            Set<ColumnRef> columns = GoalExpression.parse(expression).columns();
            return columns.equals(Set.of(ColumnRef.parse(column))) ? Optional.of(expression) : Optional.empty();
        } catch (GoalExpression.InvalidExpressionException e) {
            return Optional.empty();
        }
    }
}
