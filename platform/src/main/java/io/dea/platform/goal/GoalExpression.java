package io.dea.platform.goal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.DateValue;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.TimestampValue;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;

/**
 * A measure expression or filter from a goal, parsed with JSqlParser and checked to be a plain
 * column expression: {@code source.column} references, literals, comparisons, AND/OR/NOT,
 * arithmetic, IN, BETWEEN, LIKE, IS NULL. No functions, subqueries or unqualified names, so what
 * reaches SQL is only ever re-rendered from this checked tree, never the text as given.
 */
public final class GoalExpression {

    private final String text;
    private final Expression tree;
    private final Set<ColumnRef> columns;

    private GoalExpression(String text, Expression tree, Set<ColumnRef> columns) {
        this.text = text;
        this.tree = tree;
        this.columns = columns;
    }

    /** Parses and checks; the exception's message says what is not allowed. */
    public static GoalExpression parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidExpressionException("empty expression");
        }
        Expression tree;
        try {
            tree = CCJSqlParserUtil.parseCondExpression(text, false);
        } catch (JSQLParserException | RuntimeException e) {
            throw new InvalidExpressionException("'" + text + "' does not parse as an expression");
        }
        Set<ColumnRef> columns = new LinkedHashSet<>();
        check(text, tree, columns);
        return new GoalExpression(text, tree, columns);
    }

    public String text() {
        return text;
    }

    /** The {@code source.column} references, in order of appearance. */
    public Set<ColumnRef> columns() {
        return columns;
    }

    /** True when the expression is a single column reference. */
    public boolean isColumn() {
        return tree instanceof Column;
    }

    /**
     * Renders SQL with each column reference replaced by what the caller says (e.g. a CTE alias
     * and column). Renders from a fresh parse, so the stored tree is never changed.
     */
    public String render(Function<ColumnRef, String> columnSql) {
        Expression copy;
        try {
            copy = CCJSqlParserUtil.parseCondExpression(text, false);
        } catch (JSQLParserException e) {
            throw new IllegalStateException(e);
        }
        replaceColumns(copy, columnSql);
        return copy.toString();
    }

    private static void replaceColumns(Expression e, Function<ColumnRef, String> columnSql) {
        walk(e, node -> {
            if (node instanceof Column column) {
                ColumnRef ref = new ColumnRef(column.getTable().getName(), column.getColumnName());
                String replacement = columnSql.apply(ref);
                int dot = replacement.lastIndexOf('.');
                if (dot > 0) {
                    column.setTable(new Table(replacement.substring(0, dot)));
                    column.setColumnName(replacement.substring(dot + 1));
                } else {
                    column.setTable(null);
                    column.setColumnName(replacement);
                }
            }
        });
    }

    private static void check(String text, Expression root, Set<ColumnRef> columns) {
        walk(root, node -> {
            if (node instanceof Column column) {
                if (column.getTable() == null || column.getTable().getName() == null) {
                    throw new InvalidExpressionException("'" + column + "' in '" + text + "' must be written source.column");
                }
                if (column.getTable().getSchemaName() != null) {
                    throw new InvalidExpressionException("'" + column + "' in '" + text + "' must be written source.column");
                }
                String source = column.getTable().getName();
                String name = column.getColumnName();
                if (!Identifiers.isSafe(source) || !Identifiers.isSafe(name)) {
                    throw new InvalidExpressionException("'" + column + "' in '" + text + "' is not a plain source.column name");
                }
                columns.add(new ColumnRef(source, name));
            } else if (!allowed(node)) {
                throw new InvalidExpressionException("'" + text + "' is not a plain column expression: "
                        + node.getClass().getSimpleName() + " '" + node + "' is not allowed");
            }
        });
    }

    private static boolean allowed(Expression node) {
        return node instanceof StringValue || node instanceof LongValue || node instanceof DoubleValue
                || node instanceof NullValue || node instanceof DateValue || node instanceof TimestampValue
                || node instanceof ComparisonOperator || node instanceof AndExpression || node instanceof OrExpression
                || node instanceof Addition || node instanceof Subtraction || node instanceof Multiplication
                || node instanceof Division || node instanceof NotExpression || node instanceof IsNullExpression
                || node instanceof InExpression || node instanceof Between || node instanceof LikeExpression
                || node instanceof SignedExpression
                || (node instanceof ExpressionList<?> && !(node instanceof net.sf.jsqlparser.expression.Function));
    }

    /** Visits every node depth-first; nodes of kinds it does not know are given to the visitor unopened. */
    private static void walk(Expression node, java.util.function.Consumer<Expression> visitor) {
        if (node == null) {
            return;
        }
        visitor.accept(node);
        if (node instanceof net.sf.jsqlparser.expression.BinaryExpression binary) {
            walk(binary.getLeftExpression(), visitor);
            walk(binary.getRightExpression(), visitor);
        } else if (node instanceof NotExpression not) {
            walk(not.getExpression(), visitor);
        } else if (node instanceof SignedExpression signed) {
            walk(signed.getExpression(), visitor);
        } else if (node instanceof IsNullExpression isNull) {
            walk(isNull.getLeftExpression(), visitor);
        } else if (node instanceof Between between) {
            walk(between.getLeftExpression(), visitor);
            walk(between.getBetweenExpressionStart(), visitor);
            walk(between.getBetweenExpressionEnd(), visitor);
        } else if (node instanceof InExpression in) {
            walk(in.getLeftExpression(), visitor);
            walk(in.getRightExpression(), visitor);
        } else if (node instanceof ExpressionList<?> list) {
            for (Object item : (List<?>) list) {
                walk((Expression) item, visitor);
            }
        }
    }

    @Override
    public String toString() {
        return text;
    }

    /** The expression is not one a goal may use; the message says why. */
    public static final class InvalidExpressionException extends IllegalArgumentException {
        public InvalidExpressionException(String message) {
            super(message);
        }
    }
}
