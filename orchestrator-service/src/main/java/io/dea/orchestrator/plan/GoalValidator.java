package io.dea.orchestrator.plan;

import io.dea.platform.goal.InWords;
import io.dea.events.v1.BackfillSpec;
import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.MartSpec;
import io.dea.events.v1.MeasureSpec;
import io.dea.events.v1.SourceSpec;
import io.dea.platform.goal.Aggregate;
import io.dea.platform.goal.ByteSize;
import io.dea.platform.goal.ColumnRef;
import io.dea.platform.goal.Environment;
import io.dea.platform.goal.GoalExpression;
import io.dea.platform.goal.Identifiers;
import io.dea.platform.goal.TimeZones;
import io.dea.platform.source.FileFormat;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.scheduling.support.CronExpression;

/**
 * Judges a goal before anything is planned and lists every reason it cannot be planned, not only the
 * first, so the person who wrote it fixes it in one go.
 */
public final class GoalValidator {

    /** The files DuckDB reads, then the databases and APIs ingestion reads itself. */
    static final Set<String> FORMATS = Stream.concat(Arrays.stream(FileFormat.values()).map(FileFormat::id), Stream.of("jdbc", "http"))
            .collect(Collectors.toUnmodifiableSet());
    static final Set<String> TIME_GRAINS = Set.of("day", "week", "month");
    /** A backfill runs one chunk per day; a year (a leap one) is the most one goal may ask for. */
    static final int MAX_BACKFILL_DAYS = 366;
    private static final Pattern FRESHNESS = Pattern.compile("\\d+\\s*[mhd]");
    private static final Pattern RELATIONSHIP = Pattern.compile("\\s*(\\S+)\\s*->\\s*(\\S+)\\s*");

    /** Finds a source's columns when it can be read from here (files); empty when it cannot tell. */
    public interface SourceColumns {
        Optional<Set<String>> columns(SourceSpec source);

        /** The source's columns with their types, when it can be read from here; empty when it cannot tell. */
        default Optional<SourceTable> table(SourceSpec source) {
            return Optional.empty();
        }
    }

    /** A source read at validation: each column's DuckDB type, and a few values of a column when a reason needs them. */
    public interface SourceTable {
        Map<String, String> types();

        /** At most three distinct non-null values of the column, each shortened; none when it has none. */
        List<String> sample(String column);
    }

    /** Why a source may not be read under the operator's source policy (connections, raw locations); empty when it may. */
    public interface SourceAccess {
        List<String> refusals(SourceSpec source);
    }

    /** The operator's ceiling when none is configured: no goal may lift its cost gate above 1 TB. */
    public static final long DEFAULT_MAX_BUDGET = ByteSize.parse("1TB");

    private final SourceColumns sourceColumns;
    private final SourceAccess sourceAccess;
    private final long maxBudget;

    /** Without a source policy: for tests of everything else (the service always passes one). */
    public GoalValidator(SourceColumns sourceColumns) {
        this(sourceColumns, source -> List.of(), DEFAULT_MAX_BUDGET);
    }

    /** Without a source policy, with a budget ceiling. */
    public GoalValidator(SourceColumns sourceColumns, long maxBudget) {
        this(sourceColumns, source -> List.of(), maxBudget);
    }

    public GoalValidator(SourceColumns sourceColumns, SourceAccess sourceAccess) {
        this(sourceColumns, sourceAccess, DEFAULT_MAX_BUDGET);
    }

    /** @param maxBudget {@code dea.cost.max-budget} in bytes: the most a goal's budget may allow */
    public GoalValidator(SourceColumns sourceColumns, SourceAccess sourceAccess, long maxBudget) {
        this.sourceColumns = sourceColumns;
        this.sourceAccess = sourceAccess;
        this.maxBudget = maxBudget;
    }

    public List<String> reasons(String goalId, GoalSpec goal) {
        List<String> reasons = new ArrayList<>();
        if (goalId == null || goalId.isBlank() || !goalId.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")) {
            reasons.add("goal_id: '" + goalId + "' must be 1-100 letters, digits, '.', '_' or '-'");
        }
        if (goal.getMart() == null) {
            checkWords(goal, reasons);
        } else {
            Map<String, SourceTable> tables = new HashMap<>();
            Map<String, Optional<Set<String>>> sources = checkSources(goal.getSources(), tables, reasons);
            checkRelationships(goal.getRelationships(), sources, reasons);
            checkMart(goal.getMart(), sources, reasons);
            MeasureTypes.check(goal.getMart(), tables, reasons);
            checkBackfill(goal.getBackfill(), goal.getMart(), reasons);
        }
        checkSettings(goal, reasons);
        return reasons;
    }

    /**
     * A goal in words (no {@code mart:}): its text is interpreted by the intake step and the proposal
     * validated again once a person approved it; here only the text and whatever sources it names.
     */
    private void checkWords(GoalSpec goal, List<String> reasons) {
        if (goal.getGoal() == null || goal.getGoal().isBlank()) {
            reasons.add("goal: say what to build in words (e.g. 'daily revenue from orders and payments'), or give the structured "
                    + "fields: sources (name, format, location) and mart (name, grain, measures)");
        }
        if (goal.getSources() != null && !goal.getSources().isEmpty()) {
            Map<String, Optional<Set<String>>> sources = checkSources(goal.getSources(), new HashMap<>(), reasons);
            checkRelationships(goal.getRelationships(), sources, reasons);
        }
        if (goal.getBackfill() != null) {
            reasons.add("backfill: a goal given in words has no mart to backfill yet; ask for the backfill once it is applied");
        }
    }

    /** What any goal may set beside its sources and mart: schedule, freshness, environment, budget, time zone. */
    private void checkSettings(GoalSpec goal, List<String> reasons) {
        if (goal.getSchedule() != null && !validCron(goal.getSchedule())) {
            reasons.add("schedule: '" + goal.getSchedule() + "' is not a 5-field cron expression");
        }
        if (goal.getFreshness() != null && !FRESHNESS.matcher(goal.getFreshness().trim()).matches()) {
            reasons.add("freshness: '" + goal.getFreshness() + "' must be a number with m, h or d (e.g. 24h)");
        }
        if (goal.getEnvironment() != null && !Environment.ALL.contains(goal.getEnvironment())) {
            reasons.add("environment: '" + goal.getEnvironment() + "' must be one of " + sorted(Environment.ALL));
        }
        if (goal.getBudget() != null && goal.getBudget().getMaxBytesScanned() != null) {
            checkBudget(goal.getBudget().getMaxBytesScanned(), reasons);
        }
        if (goal.getTimezone() != null && TimeZones.of(goal.getTimezone()).isEmpty()) {
            reasons.add("timezone: '" + goal.getTimezone() + "' is not an IANA time zone name; write one like UTC, Europe/Berlin "
                    + "or America/New_York (the default is UTC)");
        }
    }

    private void checkBudget(String budget, List<String> reasons) {
        long bytes;
        try {
            bytes = ByteSize.parse(budget);
        } catch (IllegalArgumentException e) {
            reasons.add("budget.max_bytes_scanned: '" + budget + "' must be a size like 10GB");
            return;
        }
        if (bytes > maxBudget) {
            reasons.add("budget.max_bytes_scanned: " + ByteSize.format(bytes) + " is over the platform's ceiling of "
                    + ByteSize.format(maxBudget) + " (dea.cost.max-budget): lower it, or ask an operator to raise the ceiling");
        }
    }

    private static void checkBackfill(BackfillSpec backfill, MartSpec mart, List<String> reasons) {
        if (backfill == null) {
            return;
        }
        LocalDate start = date("backfill.start", backfill.getStart(), reasons);
        LocalDate end = date("backfill.end", backfill.getEnd(), reasons);
        if (start != null && end != null) {
            long days = ChronoUnit.DAYS.between(start, end) + 1;
            if (days < 1) {
                reasons.add("backfill: start " + start + " is after end " + end);
            } else if (days > MAX_BACKFILL_DAYS) {
                reasons.add("backfill: " + days + " days from " + start + " to " + end + "; at most " + MAX_BACKFILL_DAYS
                        + " (one chunk per day): split it into several goals");
            }
        }
        // Chunks are days: a week or month row cannot be rebuilt from one day's data.
        if (mart != null && mart.getTimeGrain() != null && !"day".equals(mart.getTimeGrain())) {
            reasons.add("backfill: chunks are days, so the mart's time_grain must be day (it is '" + mart.getTimeGrain() + "')");
        }
    }

    private static LocalDate date(String at, String text, List<String> reasons) {
        if (text == null || text.isBlank()) {
            reasons.add(at + ": missing");
            return null;
        }
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            reasons.add(at + ": '" + text + "' must be a date like 2024-01-31");
            return null;
        }
    }

    private Map<String, Optional<Set<String>>> checkSources(List<SourceSpec> list, Map<String, SourceTable> tables,
                                                            List<String> reasons) {
        Map<String, Optional<Set<String>>> sources = new HashMap<>();
        if (list == null || list.isEmpty()) {
            reasons.add("sources: at least one source is required");
            return sources;
        }
        for (int i = 0; i < list.size(); i++) {
            checkSource("sources[" + i + "]", list.get(i), sources, tables, reasons);
        }
        return sources;
    }

    /** One source: a safe name no other source has, a known format, where it is, what the policy says, its key columns. */
    private void checkSource(String at, SourceSpec s, Map<String, Optional<Set<String>>> sources, Map<String, SourceTable> tables,
                             List<String> reasons) {
        boolean named = required(at + ".name", s.getName(), reasons);
        if (named && !Identifiers.isSafe(s.getName())) {
            reasons.add(at + ".name: '" + s.getName() + "' is not a safe identifier (letters, digits, _)");
        } else if (named && sources.containsKey(s.getName())) {
            reasons.add(at + ".name: '" + s.getName() + "' is used by two sources");
        }
        boolean formatted = required(at + ".format", s.getFormat(), reasons);
        if (formatted && !FORMATS.contains(s.getFormat())) {
            reasons.add(at + ".format: '" + s.getFormat() + "' must be one of " + sorted(FORMATS));
        }
        boolean jdbcConnection = "jdbc".equals(s.getFormat()) && s.getConnection() != null;
        if (!jdbcConnection) {
            required(at + ".location", s.getLocation(), reasons);
        }
        if ("jdbc".equals(s.getFormat()) && s.getTable() == null && s.getQuery() == null) {
            reasons.add(at + ": a jdbc source needs table or query");
        }
        List<String> refusals = formatted && FORMATS.contains(s.getFormat()) ? sourceAccess.refusals(s) : List.of();
        refusals.forEach(r -> reasons.add(at + ": " + r));
        safeOptional(at + ".primary_key", s.getPrimaryKey(), reasons);
        safeOptional(at + ".incremental_key", s.getIncrementalKey(), reasons);
        if (named && Identifiers.isSafe(s.getName())) {
            // A source the policy refuses is never read, not even for its column names.
            Optional<Set<String>> columns = formatted && FORMATS.contains(s.getFormat()) && !s.getLocation().isBlank()
                    && refusals.isEmpty() ? read(s, tables) : Optional.empty();
            sources.put(s.getName(), columns);
            columns.ifPresent(cols -> {
                checkColumn(at + ".primary_key", s.getName(), s.getPrimaryKey(), cols, reasons);
                checkColumn(at + ".incremental_key", s.getName(), s.getIncrementalKey(), cols, reasons);
            });
        }
    }

    /** The source's columns, with their types when the reader knows them. */
    private Optional<Set<String>> read(SourceSpec s, Map<String, SourceTable> tables) {
        Optional<SourceTable> table = sourceColumns.table(s);
        table.ifPresent(t -> tables.put(s.getName(), t));
        return table.isPresent() ? Optional.of(table.get().types().keySet()) : sourceColumns.columns(s);
    }

    private static void checkColumn(String at, String source, String column, Set<String> columns, List<String> reasons) {
        if (column != null && Identifiers.isSafe(column) && !has(columns, column)) {
            reasons.add(at + ": " + source + " has no column '" + column + "' (it has " + sorted(columns) + ")");
        }
    }

    private void checkRelationships(List<String> relationships, Map<String, Optional<Set<String>>> sources, List<String> reasons) {
        if (relationships == null) {
            return;
        }
        for (int i = 0; i < relationships.size(); i++) {
            String at = "relationships[" + i + "]";
            var m = RELATIONSHIP.matcher(relationships.get(i));
            if (!m.matches()) {
                reasons.add(at + ": '" + relationships.get(i) + "' must be 'child.column -> parent.column'");
                continue;
            }
            checkRef(at, m.group(1), sources, reasons);
            checkRef(at, m.group(2), sources, reasons);
        }
    }

    private void checkMart(MartSpec mart, Map<String, Optional<Set<String>>> sources, List<String> reasons) {
        if (mart == null) {
            reasons.add("mart: required (name, grain, measures)");
            return;
        }
        if (required("mart.name", mart.getName(), reasons) && !Identifiers.isSafe(mart.getName())) {
            reasons.add("mart.name: '" + mart.getName() + "' is not a safe identifier (letters, digits, _)");
        }
        if (mart.getGrain().isEmpty()) {
            reasons.add("mart.grain: at least one source.column is required");
        }
        for (int i = 0; i < mart.getGrain().size(); i++) {
            checkRef("mart.grain[" + i + "]", mart.getGrain().get(i), sources, reasons);
        }
        if (mart.getTimeGrain() != null && !TIME_GRAINS.contains(mart.getTimeGrain())) {
            reasons.add("mart.time_grain: '" + mart.getTimeGrain() + "' must be one of " + sorted(TIME_GRAINS));
        }
        if (mart.getMeasures().isEmpty()) {
            reasons.add("mart.measures: at least one measure is required");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < mart.getMeasures().size(); i++) {
            checkMeasure("mart.measures[" + i + "]", mart.getMeasures().get(i), names, sources, reasons);
        }
        if (mart.getFilters() != null) {
            for (int i = 0; i < mart.getFilters().size(); i++) {
                checkExpression("mart.filters[" + i + "]", mart.getFilters().get(i), sources, reasons);
            }
        }
        for (String words : InWords.filters(mart)) {
            // Only words: the intake step has a language model write the expression for a person to approve.
            required("mart.filters[{description}]", words, reasons);
        }
    }

    /** One measure: a safe name no other measure has, a known aggregate, an expression over known columns. */
    private void checkMeasure(String at, MeasureSpec m, Set<String> names, Map<String, Optional<Set<String>>> sources,
                              List<String> reasons) {
        if (required(at + ".name", m.getName(), reasons)) {
            if (!Identifiers.isSafe(m.getName())) {
                reasons.add(at + ".name: '" + m.getName() + "' is not a safe identifier (letters, digits, _)");
            } else if (!names.add(m.getName())) {
                reasons.add(at + ".name: '" + m.getName() + "' is used by two measures");
            }
        }
        if (InWords.measure(m)) {
            // Only words: the intake step has a language model write agg and expr for a person to approve.
            if (!m.getAgg().isBlank() && Aggregate.of(m.getAgg()).isEmpty()) {
                reasons.add(at + ".agg: '" + m.getAgg() + "' must be one of " + sorted(Aggregate.ids()));
            }
            return;
        }
        if (required(at + ".agg", m.getAgg(), reasons) && Aggregate.of(m.getAgg()).isEmpty()) {
            reasons.add(at + ".agg: '" + m.getAgg() + "' must be one of " + sorted(Aggregate.ids()));
        }
        if (required(at + ".expr", m.getExpr(), reasons)) {
            checkExpression(at + ".expr", m.getExpr(), sources, reasons);
        }
    }

    private void checkExpression(String at, String text, Map<String, Optional<Set<String>>> sources, List<String> reasons) {
        try {
            GoalExpression expression = GoalExpression.parse(text);
            for (ColumnRef ref : expression.columns()) {
                checkKnown(at, ref, sources, reasons);
            }
        } catch (GoalExpression.InvalidExpressionException e) {
            reasons.add(at + ": " + e.getMessage());
        }
    }

    private void checkRef(String at, String text, Map<String, Optional<Set<String>>> sources, List<String> reasons) {
        ColumnRef ref = ColumnRef.parse(text);
        if (ref == null || !Identifiers.isSafe(ref.source()) || !Identifiers.isSafe(ref.column())) {
            reasons.add(at + ": '" + text + "' must be source.column");
            return;
        }
        checkKnown(at, ref, sources, reasons);
    }

    private static void checkKnown(String at, ColumnRef ref, Map<String, Optional<Set<String>>> sources, List<String> reasons) {
        Optional<Set<String>> columns = sources.get(ref.source());
        if (columns == null) {
            reasons.add(at + ": unknown source '" + ref.source() + "' in " + ref + " (sources: " + sorted(sources.keySet()) + ")");
        } else if (columns.isPresent() && !has(columns.get(), ref.column())) {
            reasons.add(at + ": unknown column " + ref + " (" + ref.source() + " has " + sorted(columns.get()) + ")");
        }
    }

    /** Column names as DuckDB takes them: case does not matter. */
    private static boolean has(Set<String> columns, String column) {
        return columns.stream().anyMatch(column::equalsIgnoreCase);
    }

    private static boolean required(String at, String value, List<String> reasons) {
        if (value == null || value.isBlank()) {
            reasons.add(at + ": missing");
            return false;
        }
        return true;
    }

    private static void safeOptional(String at, String value, List<String> reasons) {
        if (value != null && !Identifiers.isSafe(value)) {
            reasons.add(at + ": '" + value + "' is not a safe identifier");
        }
    }

    private static boolean validCron(String cron) {
        String[] fields = cron.trim().split("\\s+");
        if (fields.length != 5) {
            return false;
        }
        try {
            CronExpression.parse("0 " + cron.trim());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static List<String> sorted(Collection<String> values) {
        return values.stream().sorted().toList();
    }
}
