package io.dea.ops.lifecycle;

import io.dea.platform.warehouse.Warehouse;
import io.dea.platform.warehouse.WriteScope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reads what plans left in the warehouse: sandbox schemas and rollback points (read only). */
public final class WarehouseLeftovers {

    static final String POINTS = WriteScope.META_SCHEMA + ".rollback_points";
    static final String PRUNED = WriteScope.META_SCHEMA + ".rollback_pruned";
    private static final String SANDBOX_PREFIX = "sandbox_";

    private WarehouseLeftovers() {
    }

    public static Set<String> sandboxSchemas(Warehouse warehouse) {
        return warehouse.withConnection(c -> {
            Set<String> schemas = new TreeSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT schema_name FROM information_schema.schemata "
                    + "WHERE catalog_name = current_database() AND starts_with(schema_name, ?)")) {
                ps.setString(1, SANDBOX_PREFIX);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        schemas.add(rs.getString(1));
                    }
                }
            }
            return schemas;
        });
    }

    /** Each plan's rollback point: the earliest capture and the table copies (names without schema, lower case). */
    public static List<Leftovers.RollbackPoint> rollbackPoints(Warehouse warehouse) {
        return warehouse.withConnection(c -> {
            if (!exists(c, "rollback_points")) {
                return List.of();
            }
            Map<String, Leftovers.RollbackPoint> points = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT plan_id, captured_at, backup_table FROM " + POINTS
                    + " ORDER BY plan_id, captured_at"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String plan = rs.getString(1);
                    Timestamp at = rs.getTimestamp(2);
                    // The apply writes now() into a TIMESTAMP: wall time of the zone this JVM and DuckDB share.
                    Leftovers.RollbackPoint point = points.computeIfAbsent(plan, p -> new Leftovers.RollbackPoint(p,
                            at.toInstant(), new TreeSet<>()));
                    String copy = copyName(rs.getString(3));
                    if (copy != null) {
                        point.copies().add(copy);
                    }
                }
            }
            return new ArrayList<>(points.values());
        });
    }

    /** When a goal's rollback copies were pruned, or null when they were not. */
    public static String prunedAt(Warehouse warehouse, String planId) {
        return warehouse.withConnection(c -> {
            if (!exists(c, "rollback_pruned")) {
                return null;
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT max(pruned_at)::VARCHAR FROM " + PRUNED + " WHERE plan_id = ?")) {
                ps.setString(1, planId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    /** {@code dea_meta."rollback__p__t"} as the apply recorded it: the table's name alone. */
    static String copyName(String backupTable) {
        if (backupTable == null || !backupTable.startsWith(WriteScope.META_SCHEMA + ".")) {
            return null;
        }
        String name = backupTable.substring(WriteScope.META_SCHEMA.length() + 1).strip();
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            name = name.substring(1, name.length() - 1).replace("\"\"", "\"");
        }
        return name.toLowerCase(Locale.ROOT);
    }

    private static boolean exists(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM information_schema.tables "
                + "WHERE table_catalog = current_database() AND table_schema = ? AND table_name = ?")) {
            ps.setString(1, WriteScope.META_SCHEMA);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        }
    }
}
