package io.dea.platform.catalog;

import io.dea.platform.warehouse.SqlText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a relation's shape from the warehouse for the catalog: its columns with their types, and rows for a table. */
final class Relations {

    private Relations() {
    }

    /** A relation as the warehouse has it; {@code rows} null for a view (counting would run it). */
    record Shape(String schema, String name, boolean view, Long rows, Map<String, String> columns) {

        String qualified() {
            return schema + "." + name;
        }
    }

    /** The relation's shape, or null when it does not exist. */
    static Shape read(Connection c, String schema, String name) throws SQLException {
        String type = null;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT table_type FROM information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
            ps.setString(1, schema);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    type = rs.getString(1);
                }
            }
        }
        if (type == null) {
            return null;
        }
        boolean view = type.toUpperCase(java.util.Locale.ROOT).contains("VIEW");
        return new Shape(schema, name, view, view ? null : count(c, schema, name), columns(c, schema, name));
    }

    private static Map<String, String> columns(Connection c, String schema, String name) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT column_name, data_type FROM information_schema.columns"
                + " WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
            ps.setString(1, schema);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return columns;
    }

    private static long count(Connection c, String schema, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + SqlText.qualified(schema, name))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every relation of a schema whose name is one of these (the mart's models as dbt built them). */
    static List<Shape> readAll(Connection c, String schema, List<String> names) throws SQLException {
        List<Shape> shapes = new ArrayList<>();
        for (String name : names) {
            Shape shape = read(c, schema, name);
            if (shape != null) {
                shapes.add(shape);
            }
        }
        return shapes;
    }
}
