package io.dea.orchestrator.plan;

import io.dea.events.v1.MartSpec;
import io.dea.events.v1.MeasureSpec;
import io.dea.platform.goal.Aggregate;
import io.dea.platform.goal.ColumnRef;
import io.dea.platform.goal.GoalExpression;
import io.dea.platform.source.FileFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A sum or an average reads numbers: a measure that sums or averages a column the source reads as
 * something else (text, dates) is rejected at validation, with the column's type and a few of its
 * values, instead of failing later in the warehouse with a message about the compiled SQL. Only
 * sources read here are judged; a column with no values at all is left to staging, which casts it.
 */
final class MeasureTypes {

    /** DuckDB's types a sum and an average take (a BOOLEAN sums as a count of trues). */
    private static final Pattern FITS = Pattern.compile(
            "U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)|FLOAT|DOUBLE|REAL|DECIMAL(\\(\\d+,\\s*\\d+\\))?|BOOLEAN");

    private MeasureTypes() {
    }

    static void check(MartSpec mart, Map<String, GoalValidator.SourceTable> tables, List<String> reasons) {
        if (mart == null) {
            return;
        }
        for (int i = 0; i < mart.getMeasures().size(); i++) {
            MeasureSpec m = mart.getMeasures().get(i);
            Optional<ColumnRef> ref = summedColumn(m);
            GoalValidator.SourceTable table = ref.map(r -> tables.get(r.source())).orElse(null);
            if (table != null) {
                misfit("mart.measures[" + i + "].expr", m.getAgg(), ref.get(), table).ifPresent(reasons::add);
            }
        }
    }

    /** The column a sum or average takes as it is; empty for other aggregates and for computed expressions. */
    private static Optional<ColumnRef> summedColumn(MeasureSpec m) {
        if (Aggregate.of(m.getAgg()).filter(Aggregate::readsNumbers).isEmpty() || m.getExpr() == null) {
            return Optional.empty();
        }
        try {
            GoalExpression expr = GoalExpression.parse(m.getExpr());
            return expr.isColumn() ? expr.columns().stream().findFirst() : Optional.empty();
        } catch (GoalExpression.InvalidExpressionException reportedElsewhere) {
            return Optional.empty();
        }
    }

    private static Optional<String> misfit(String at, String agg, ColumnRef ref, GoalValidator.SourceTable table) {
        Optional<Map.Entry<String, String>> column = table.types().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(ref.column())).findFirst();
        if (column.isEmpty() || FITS.matcher(column.get().getValue().toUpperCase(Locale.ROOT)).matches()) {
            return Optional.empty();
        }
        List<String> values = table.sample(column.get().getKey());
        if (values.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(at + ": " + agg + " over " + ref + ", which the source reads as " + column.get().getValue()
                + " (values like " + values.stream().map(v -> "'" + v + "'").collect(Collectors.joining(", ")) + "): "
                + agg + " needs numbers; make every value a number or a null (written empty or as "
                + String.join(", ", FileFormat.NULL_MARKERS.stream().filter(s -> !s.isEmpty()).toList())
                + "), or use count, count_distinct, min or max");
    }
}
