package io.dea.transform;

import io.dea.platform.warehouse.SqlText;
import io.dea.platform.warehouse.Warehouse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What an apply is about to replace in its environment, kept so a rollback can put it back. Before
 * dbt builds the mart's models into the environment, each model's relation that already exists
 * there is recorded in {@code dea_meta.rollback_points}: a table is copied whole beside it
 * ({@code dea_meta.rollback__<plan>__<relation>}), a view keeps its SQL. A relation that did not
 * exist is recorded too, so the rollback drops it. Recorded once per plan: a re-delivered apply
 * must not record the tables it already built as the "before".
 */
final class RollbackPoints {

    static final String TABLE = "dea_meta.rollback_points";

    /** One relation of the environment as it was before the apply. {@code kind} is table, view or absent. */
    record Point(String relation, String kind, String viewSql, String backupTable) {
    }

    private RollbackPoints() {
    }

    /** Records the relations' state unless this plan recorded it already; returns what is recorded. */
    static List<Point> capture(Warehouse warehouse, String planId, String environment, List<String> relations) {
        return warehouse.withConnection(c -> {
            ensureTable(c);
            List<Point> earlier = read(c, planId);
            if (!earlier.isEmpty()) {
                return earlier;
            }
            List<Point> points = new ArrayList<>();
            for (String relation : relations) {
                Point point = current(c, planId, environment, relation);
                if ("table".equals(point.kind())) {
                    try (Statement s = c.createStatement()) {
                        s.execute("CREATE TABLE " + point.backupTable() + " AS SELECT * FROM "
                                + SqlText.qualified(environment, relation));
                    }
                }
                points.add(point);
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE
                    + " (plan_id, environment, relation, kind, view_sql, backup_table, captured_at) VALUES (?, ?, ?, ?, ?, ?, now())")) {
                for (Point point : points) {
                    insert.setString(1, planId);
                    insert.setString(2, environment);
                    insert.setString(3, point.relation());
                    insert.setString(4, point.kind());
                    insert.setString(5, point.viewSql());
                    insert.setString(6, point.backupTable());
                    insert.executeUpdate();
                }
            }
            return points;
        });
    }

    /** What the plan recorded; empty when it recorded nothing. */
    static List<Point> recorded(Warehouse warehouse, String planId) {
        return warehouse.withConnection(c -> {
            ensureTable(c);
            return read(c, planId);
        });
    }

    private static Point current(Connection c, String planId, String environment, String relation) throws SQLException {
        String backup = "dea_meta." + SqlText.identifier("rollback__" + planId.replaceAll("[^A-Za-z0-9_]", "_") + "__" + relation);
        try (PreparedStatement ps = c.prepareStatement("SELECT table_type FROM information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
            ps.setString(1, environment);
            ps.setString(2, relation);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new Point(relation, "absent", null, null);
                }
                if (!"VIEW".equals(rs.getString(1))) {
                    return new Point(relation, "table", null, backup);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT sql FROM duckdb_views() WHERE schema_name = ? AND view_name = ?")) {
            ps.setString(1, environment);
            ps.setString(2, relation);
            try (ResultSet rs = ps.executeQuery()) {
                return new Point(relation, "view", rs.next() ? rs.getString(1) : null, null);
            }
        }
    }

    private static List<Point> read(Connection c, String planId) throws SQLException {
        List<Point> points = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT relation, kind, view_sql, backup_table FROM " + TABLE
                + " WHERE plan_id = ? ORDER BY relation")) {
            ps.setString(1, planId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    points.add(new Point(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        return points;
    }

    private static void ensureTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS dea_meta");
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (plan_id VARCHAR, environment VARCHAR, relation VARCHAR, "
                    + "kind VARCHAR, view_sql VARCHAR, backup_table VARCHAR, captured_at TIMESTAMP)");
        }
    }
}
