package io.dea.platform.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.JsonAggregateFunction;
import net.sf.jsqlparser.expression.JsonFunction;
import net.sf.jsqlparser.expression.NextValExpression;
import net.sf.jsqlparser.expression.TranscodingFunction;
import net.sf.jsqlparser.expression.UserVariable;
import net.sf.jsqlparser.expression.VariableAssignment;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.TableFunction;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * What a goal may ask a database for. A {@code table:} is a plain dotted identifier. A {@code query:}
 * is parsed with JSqlParser and must be exactly one SELECT (WITH and UNION allowed) whose tables are
 * plain identifiers and whose functions are all on an allow-list of aggregates, string, date, math
 * and conditional functions: no table functions (file readers such as {@code read_csv} or H2's
 * {@code CSVREAD}), no file, system or side-effecting functions, no {@code SELECT INTO}, no variables
 * or sequences. An allow-list, because a deny-list misses the next function a driver adds.
 */
public final class JdbcQueryPolicy {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*){0,2}");

    static final Set<String> FUNCTIONS = Set.of(
            // aggregates
            "count", "sum", "avg", "min", "max", "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop", "var_samp", "median",
            "any_value", "bool_and", "bool_or", "every", "string_agg", "listagg", "group_concat", "count_if", "first", "last",
            "row_number", "rank", "dense_rank", "lag", "lead", "first_value", "last_value", "ntile",
            // strings
            "lower", "upper", "lcase", "ucase", "trim", "ltrim", "rtrim", "btrim", "length", "char_length", "character_length",
            "octet_length", "substring", "substr", "replace", "concat", "concat_ws", "left", "right", "lpad", "rpad", "position",
            "strpos", "instr", "locate", "reverse", "initcap", "split_part", "starts_with", "ends_with", "contains", "regexp_replace",
            "regexp_matches", "regexp_like", "translate", "md5", "sha256", "hash", "ascii", "chr",
            // dates and times
            "date_trunc", "date_part", "datepart", "extract", "datediff", "date_diff", "dateadd", "date_add", "date_sub",
            "current_date", "current_time", "current_timestamp", "now", "localtimestamp", "year", "month", "day", "hour", "minute",
            "second", "dayofweek", "dayofmonth", "dayofyear", "week", "weekofyear", "quarter", "epoch", "epoch_ms", "make_date",
            "make_timestamp", "to_date", "to_timestamp", "to_char", "strftime", "strptime", "last_day", "age", "formatdatetime",
            "parsedatetime",
            // math
            "abs", "ceil", "ceiling", "floor", "round", "trunc", "truncate", "sign", "sqrt", "power", "pow", "exp", "ln", "log",
            "log10", "log2", "mod", "greatest", "least", "pi",
            // casts and conditionals
            "cast", "try_cast", "coalesce", "nullif", "ifnull", "nvl", "nvl2", "if", "iif", "decode");

    private JdbcQueryPolicy() {
    }

    /** A {@code table:} value as SQL, when it is a plain name like {@code orders} or {@code sales.orders}. */
    public static String table(String table) throws SourceRefused {
        String t = table == null ? "" : table.strip();
        if (!TABLE.matcher(t).matches()) {
            throw new SourceRefused("table '" + table + "' must be a plain name like orders or sales.orders");
        }
        return t;
    }

    /** The query without a trailing ';', when it is one allowed SELECT; otherwise the reason. */
    public static String query(String query) throws SourceRefused {
        String q = query == null ? "" : query.strip().replaceAll(";\\s*$", "");
        Statements statements;
        try {
            statements = CCJSqlParserUtil.parseStatements(q);
        } catch (JSQLParserException | RuntimeException e) {
            throw new SourceRefused("query is not SQL the policy can parse; write one plain SELECT");
        }
        if (statements.size() != 1) {
            throw new SourceRefused("query must be exactly one statement (found " + statements.size() + ")");
        }
        Statement statement = statements.get(0);
        if (!(statement instanceof Select select)) {
            throw new SourceRefused("query must be a SELECT (found " + statement.getClass().getSimpleName().toUpperCase(Locale.ROOT) + ")");
        }
        Checker checker = new Checker();
        try {
            checker.getTables((Statement) select);
        } catch (UnsupportedOperationException e) {
            checker.problems.add("the query uses a construct the policy does not allow");
        }
        if (!checker.problems.isEmpty()) {
            throw new SourceRefused("query refused: " + String.join("; ", checker.problems));
        }
        return q;
    }

    /** Walks every table and expression of the query (JSqlParser's own walker) and notes what is not allowed. */
    private static final class Checker extends TablesNamesFinder<Void> {

        final List<String> problems = new ArrayList<>();

        @Override
        public <S> Void visit(Table table, S context) {
            String name = table.getFullyQualifiedName();
            if (!TABLE.matcher(name).matches()) {
                problems.add("table " + name + " must be a plain name (no quoted names, files or URLs)");
            }
            return super.visit(table, context);
        }

        @Override
        public <S> Void visit(Function function, S context) {
            check(function.getName());
            return super.visit(function, context);
        }

        @Override
        public <S> Void visit(AnalyticExpression expression, S context) {
            check(expression.getName());
            return super.visit(expression, context);
        }

        @Override
        public <S> Void visit(TableFunction function, S context) {
            problems.add("table function " + function.getFunction().getName() + " (FROM may name tables only)");
            return null;
        }

        @Override
        public <S> Void visit(PlainSelect select, S context) {
            if (select.getIntoTables() != null && !select.getIntoTables().isEmpty()) {
                problems.add("SELECT INTO writes a table");
            }
            return super.visit(select, context);
        }

        @Override
        public <S> Void visit(VariableAssignment assignment, S context) {
            problems.add("variable assignment");
            return null;
        }

        @Override
        public <S> Void visit(UserVariable variable, S context) {
            problems.add("variable " + variable.getName());
            return null;
        }

        @Override
        public <S> Void visit(NextValExpression expression, S context) {
            problems.add("sequence " + expression.getName());
            return null;
        }

        @Override
        public <S> Void visit(JsonFunction function, S context) {
            problems.add("JSON function");
            return null;
        }

        @Override
        public <S> Void visit(JsonAggregateFunction function, S context) {
            problems.add("JSON aggregate");
            return null;
        }

        @Override
        public <S> Void visit(TranscodingFunction function, S context) {
            problems.add("CONVERT");
            return null;
        }

        private void check(String name) {
            String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
            if (!IDENTIFIER.matcher(n).matches() || !FUNCTIONS.contains(n)) {
                problems.add("function " + name + " is not on the allow-list of aggregate, string, date, math and cast functions");
            }
        }
    }
}
