package io.dea.ingestion;

import io.dea.platform.warehouse.SqlText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How the columns a source yields now differ from its landing table. Additive changes (a new
 * column, a type that only widens) are applied as they come; breaking ones (a column gone, a type
 * narrowed or changed) would break the models built on the table, so they wait for a person.
 *
 * <p>Widening follows the conversions BigQuery's {@code ALTER COLUMN SET DATA TYPE} allows (any
 * integer or decimal to DOUBLE or a wide enough DECIMAL), plus DuckDB's integer ladder
 * (TINYINT → SMALLINT → INTEGER → BIGINT → HUGEINT, unsigned into a wider signed), FLOAT → DOUBLE and
 * DATE → TIMESTAMP. Anything else, VARCHAR included, is a change: a numeric column that starts
 * reading as text usually means bad values, not a new meaning.
 *
 * @param added    columns the source has and the table has not
 * @param widened  columns whose type widens
 * @param dropped  columns the table has and the source no longer yields
 * @param narrowed columns whose type narrows (the reverse of a widening)
 * @param changed  columns whose type changes otherwise
 */
record SchemaDrift(List<Column> added, List<TypeChange> widened, List<Column> dropped, List<TypeChange> narrowed,
                   List<TypeChange> changed) {

    /** A column and its DuckDB type as DESCRIBE and information_schema spell it. */
    record Column(String name, String type) {
    }

    record TypeChange(String column, String from, String to) {
        @Override
        public String toString() {
            return column + " " + from + " -> " + to;
        }
    }

    static final SchemaDrift NONE = new SchemaDrift(List.of(), List.of(), List.of(), List.of(), List.of());

    private static final Pattern DECIMAL = Pattern.compile("(?:DECIMAL|NUMERIC)(?:\\((\\d+),\\s*(\\d+)\\))?");
    /** Integer types by name: bits and whether signed. */
    private static final Map<String, int[]> INTEGERS = Map.of(
            "TINYINT", new int[] {8, 1}, "SMALLINT", new int[] {16, 1}, "INTEGER", new int[] {32, 1},
            "BIGINT", new int[] {64, 1}, "HUGEINT", new int[] {128, 1},
            "UTINYINT", new int[] {8, 0}, "USMALLINT", new int[] {16, 0}, "UINTEGER", new int[] {32, 0},
            "UBIGINT", new int[] {64, 0}, "UHUGEINT", new int[] {128, 0});

    /** Compares by column name, ignoring case as DuckDB does. */
    static SchemaDrift between(List<Column> table, List<Column> incoming) {
        Map<String, Column> before = byName(table);
        Map<String, Column> after = byName(incoming);
        List<Column> added = new ArrayList<>();
        List<TypeChange> widened = new ArrayList<>();
        List<TypeChange> narrowed = new ArrayList<>();
        List<TypeChange> changed = new ArrayList<>();
        for (Column now : incoming) {
            Column was = before.get(key(now.name()));
            if (was == null) {
                added.add(now);
            } else if (!normalize(was.type()).equals(normalize(now.type()))) {
                TypeChange change = new TypeChange(was.name(), was.type(), now.type());
                if (widens(was.type(), now.type())) {
                    widened.add(change);
                } else if (widens(now.type(), was.type())) {
                    narrowed.add(change);
                } else {
                    changed.add(change);
                }
            }
        }
        List<Column> dropped = table.stream().filter(c -> !after.containsKey(key(c.name()))).toList();
        return new SchemaDrift(List.copyOf(added), List.copyOf(widened), dropped, List.copyOf(narrowed), List.copyOf(changed));
    }

    /**
     * The drift rows appended to the table cause: a column whose new type is narrower than the
     * table's (whole numbers in a new file of a DOUBLE column), or any type into a VARCHAR column,
     * is cast as it is inserted and changes nothing; dropped, changed and added columns stay.
     */
    SchemaDrift ofAppended() {
        List<TypeChange> stillChanged = changed.stream().filter(c -> !normalize(c.from()).equals("VARCHAR")).toList();
        return new SchemaDrift(added, widened, dropped, List.of(), stillChanged);
    }

    boolean none() {
        return added.isEmpty() && widened.isEmpty() && !breaking();
    }

    boolean breaking() {
        return !dropped.isEmpty() || !narrowed.isEmpty() || !changed.isEmpty();
    }

    /** True when {@code to} holds every value of {@code from} without loss of meaning. */
    static boolean widens(String from, String to) {
        String f = normalize(from);
        String t = normalize(to);
        if (f.equals(t)) {
            return false;
        }
        int[] fi = INTEGERS.get(f);
        int[] ti = INTEGERS.get(t);
        Matcher td = DECIMAL.matcher(t);
        Matcher fd = DECIMAL.matcher(f);
        if (fi != null) {
            if (ti != null) {
                boolean sameSign = fi[1] == ti[1];
                return sameSign ? ti[0] > fi[0] : fi[1] == 0 && ti[0] > fi[0];
            }
            if (t.equals("DOUBLE")) {
                return true;
            }
            if (t.equals("FLOAT")) {
                return fi[0] <= 16;
            }
            return td.matches() && integerDigits(td) >= digits(fi);
        }
        if (fd.matches()) {
            if (t.equals("DOUBLE")) {
                return true;
            }
            return td.matches() && scale(td) >= scale(fd) && integerDigits(td) >= integerDigits(fd);
        }
        return (f.equals("FLOAT") && t.equals("DOUBLE")) || (f.equals("DATE") && t.equals("TIMESTAMP"));
    }

    /**
     * The statement that makes an existing table take this drift before rows are inserted into it,
     * or empty when there is nothing to change: new columns added (null for the rows already
     * there), widened types cast, and, only when a person approved, breaking changes too (types
     * cast to the new ones, dropped columns dropped). It rebuilds the table with one
     * {@code CREATE OR REPLACE ... AS SELECT} from itself rather than ALTERs: the warehouse's write
     * gate lets ingestion replace its own landing tables but not ALTER column types unapproved,
     * and the rebuild is one statement that either happens whole or not at all.
     *
     * @param table the table as it is now (its columns, in order)
     */
    java.util.Optional<String> rebuildSql(String table, List<Column> tableColumns, boolean includeBreaking) {
        boolean applies = !added.isEmpty() || !widened.isEmpty() || (includeBreaking && breaking());
        if (!applies) {
            return java.util.Optional.empty();
        }
        Map<String, String> retype = new LinkedHashMap<>();
        widened.forEach(c -> retype.put(key(c.column()), c.to()));
        if (includeBreaking) {
            narrowed.forEach(c -> retype.put(key(c.column()), c.to()));
            changed.forEach(c -> retype.put(key(c.column()), c.to()));
        }
        List<String> gone = includeBreaking ? dropped.stream().map(c -> key(c.name())).toList() : List.of();
        List<String> select = new ArrayList<>();
        for (Column c : tableColumns) {
            String column = SqlText.identifier(c.name());
            if (gone.contains(key(c.name()))) {
                continue;
            }
            String to = retype.get(key(c.name()));
            select.add(to == null ? column : "CAST(" + column + " AS " + safeType(to) + ") AS " + column);
        }
        added.forEach(c -> select.add("CAST(NULL AS " + safeType(c.type()) + ") AS " + SqlText.identifier(c.name())));
        return java.util.Optional.of("CREATE OR REPLACE TABLE " + table + " AS SELECT " + String.join(", ", select) + " FROM " + table);
    }

    /** One line for a summary: {@code added channel VARCHAR; widened qty INTEGER -> BIGINT}. */
    String describe() {
        List<String> parts = new ArrayList<>();
        part(parts, "added", added.stream().map(c -> c.name() + " " + c.type()));
        part(parts, "widened", widened.stream().map(TypeChange::toString));
        part(parts, "dropped", dropped.stream().map(Column::name));
        part(parts, "narrowed", narrowed.stream().map(TypeChange::toString));
        part(parts, "changed", changed.stream().map(TypeChange::toString));
        return parts.isEmpty() ? "no change" : String.join("; ", parts);
    }

    /** The review's text: what would change and what it does to the rows already loaded. */
    String reviewText(String table) {
        StringBuilder text = new StringBuilder("Schema drift of " + table + ":\n");
        added.forEach(c -> text.append("+ column ").append(c.name()).append(' ').append(c.type()).append(" (added)\n"));
        widened.forEach(c -> text.append("~ column ").append(c).append(" (widened)\n"));
        dropped.forEach(c -> text.append("- column ").append(c.name()).append(' ').append(c.type())
                .append(" (no longer in the source; approving drops it from the table with its values)\n"));
        narrowed.forEach(c -> text.append("! column ").append(c).append(" (narrowed; approving casts the loaded values, "
                + "and the load fails if one does not fit)\n"));
        changed.forEach(c -> text.append("! column ").append(c).append(" (type changed; approving casts the loaded values)\n"));
        return text.toString();
    }

    private static void part(List<String> parts, String label, Stream<String> items) {
        String joined = items.collect(Collectors.joining(", "));
        if (!joined.isEmpty()) {
            parts.add(label + " " + joined);
        }
    }

    private static Map<String, Column> byName(List<Column> columns) {
        Map<String, Column> map = new LinkedHashMap<>();
        columns.forEach(c -> map.put(key(c.name()), c));
        return map;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static String normalize(String type) {
        String t = type.trim().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
        return switch (t) {
            case "INT", "INT4", "SIGNED" -> "INTEGER";
            case "INT8", "LONG" -> "BIGINT";
            case "REAL", "FLOAT4" -> "FLOAT";
            case "FLOAT8" -> "DOUBLE";
            case "DECIMAL", "NUMERIC" -> "DECIMAL(18,3)";
            case "TEXT", "STRING" -> "VARCHAR";
            default -> t.replace(", ", ",");
        };
    }

    private static int digits(int[] integer) {
        return switch (integer[0]) {
            case 8 -> 3;
            case 16 -> 5;
            case 32 -> 10;
            case 64 -> integer[1] == 1 ? 19 : 20;
            default -> 39;
        };
    }

    private static int scale(Matcher decimal) {
        return decimal.group(2) == null ? 3 : Integer.parseInt(decimal.group(2));
    }

    private static int integerDigits(Matcher decimal) {
        int precision = decimal.group(1) == null ? 18 : Integer.parseInt(decimal.group(1));
        return precision - scale(decimal);
    }

    /** Type names come from DuckDB's own catalog, but they reach SQL text, so they are checked. */
    private static String safeType(String type) {
        if (!type.matches("[A-Za-z0-9_ (),\\[\\]\"]+")) {
            throw new IllegalArgumentException("unexpected column type " + type);
        }
        return type;
    }
}
