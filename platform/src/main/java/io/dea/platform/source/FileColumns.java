package io.dea.platform.source;

import io.dea.platform.goal.Identifiers;
import io.dea.platform.warehouse.SqlText;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The columns of file sources as they land, shared by ingestion (which lands them) and the
 * orchestrator (which checks a goal against them), so both see the same names and types.
 *
 * <p>Headers are normalised so a goal can name them: a header that already is a plain identifier
 * ({@code OrderDate}, {@code order_id}) is kept as written; any other (spaces, punctuation, a byte
 * order mark, a leading digit) becomes snake_case: {@code "Order Date"} lands as {@code order_date},
 * {@code "Unit Price (EUR)"} as {@code unit_price_eur}, {@code "2024 total"} as {@code c_2024_total}.
 * Two headers that would land with one name get {@code _2}, {@code _3}, in file order.
 */
public final class FileColumns {

    /** A column as it lands: its name and DuckDB type. */
    public record Column(String name, String type) {
    }

    private static final int MAX = 63;

    private FileColumns() {
    }

    /** A table expression to land and the column names it yields. */
    public record Reader(String sql, List<String> columns) {
    }

    /** The table expression to land: the format's reader, wrapped in a select that renames headers when any needs it. */
    public static String reader(Connection c, FileFormat format, List<Path> files) throws SQLException {
        return described(c, format, files).sql();
    }

    /** {@link #reader} with the columns it yields, from the one sniff of the files it takes. */
    public static Reader described(Connection c, FileFormat format, List<Path> files) throws SQLException {
        String raw = format.readerSql(files);
        List<String> headers = describe(c, raw).stream().map(Column::name).toList();
        List<String> names = normalise(headers);
        return new Reader(renamed(raw, headers, names), names);
    }

    private static String renamed(String raw, List<String> headers, List<String> names) {
        if (names.equals(headers)) {
            return raw;
        }
        List<String> select = new ArrayList<>();
        for (int i = 0; i < headers.size(); i++) {
            select.add(SqlText.identifier(headers.get(i)) + " AS " + SqlText.identifier(names.get(i)));
        }
        return "(SELECT " + String.join(", ", select) + " FROM " + raw + ")";
    }

    /** The columns a table expression yields, without reading more than DuckDB's sniffer does. */
    public static List<Column> describe(Connection c, String reader) throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM " + reader)) {
            while (rs.next()) {
                columns.add(new Column(rs.getString("column_name"), rs.getString("column_type")));
            }
        }
        return columns;
    }

    /** Each header's landing name, unique ignoring case (DuckDB's identifiers ignore it). */
    public static List<String> normalise(List<String> headers) {
        List<String> names = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (String header : headers) {
            if (Identifiers.isSafe(header)) {
                taken.add(header.toLowerCase(Locale.ROOT));
            }
        }
        for (int i = 0; i < headers.size(); i++) {
            String header = headers.get(i);
            if (Identifiers.isSafe(header)) {
                names.add(header);
                continue;
            }
            String base = normalise(header, i);
            String name = base;
            for (int n = 2; !taken.add(name.toLowerCase(Locale.ROOT)); n++) {
                name = base + "_" + n;
            }
            names.add(name);
        }
        return names;
    }

    /** One header as snake_case; {@code c_<position>} when nothing of it is left. */
    static String normalise(String header, int position) {
        String snake = (header == null ? "" : header).replace("\uFEFF", "")
                .replaceAll("[^A-Za-z0-9]+", "_")
                .replaceAll("^_+|_+$", "")
                .toLowerCase(Locale.ROOT);
        if (snake.isEmpty()) {
            snake = Integer.toString(position + 1);
        }
        if (Character.isDigit(snake.charAt(0))) {
            snake = "c_" + snake;
        }
        // Leaves room for a _2 suffix within the identifier limit.
        return snake.length() > MAX - 4 ? snake.substring(0, MAX - 4) : snake;
    }
}
