package io.dea.transform;

import io.dea.platform.artifact.DataProject;
import io.dea.platform.goal.ColumnRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The landing tables' columns and types, read from the warehouse: the goal's references are checked
 * against them, and a time grain applies only to a column that holds dates or times.
 */
final class LandingColumns {

    /** A column as the table spells it, with its warehouse type. */
    record Column(String name, String type) {
        boolean isTemporal() {
            String t = type.toUpperCase(Locale.ROOT);
            return t.equals("DATE") || t.startsWith("TIMESTAMP");
        }
    }

    private final Map<String, Map<String, Column>> tables;

    LandingColumns(Map<String, Map<String, Column>> tables) {
        this.tables = tables;
    }

    static LandingColumns read(Connection c, Collection<String> sources) throws SQLException {
        Map<String, Map<String, Column>> tables = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT column_name, data_type FROM information_schema.columns "
                + "WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
            for (String source : sources) {
                Map<String, Column> columns = new LinkedHashMap<>();
                ps.setString(1, DataProject.LANDING_SCHEMA);
                ps.setString(2, source);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        columns.put(rs.getString(1).toLowerCase(Locale.ROOT), new Column(rs.getString(1), rs.getString(2)));
                    }
                }
                tables.put(source, columns);
            }
        }
        return new LandingColumns(tables);
    }

    /** The column a reference names; an exception saying what exists when it names nothing. */
    Column require(ColumnRef ref, String where) {
        Map<String, Column> columns = tables.get(ref.source());
        if (columns == null) {
            throw new MartModelException(where + ": " + ref.source() + " is not one of the goal's sources " + tables.keySet());
        }
        if (columns.isEmpty()) {
            throw new MartModelException(where + ": landing." + ref.source() + " does not exist; has it been ingested?");
        }
        return Optional.ofNullable(columns.get(ref.column().toLowerCase(Locale.ROOT))).orElseThrow(() -> new MartModelException(
                where + ": " + ref.source() + " has no column " + ref.column() + " (it has "
                        + String.join(", ", columns.values().stream().map(Column::name).toList()) + ")"));
    }
}
