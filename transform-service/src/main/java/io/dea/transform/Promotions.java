package io.dea.transform;

import io.dea.platform.warehouse.Warehouse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which version of a mart's models each environment has built, so prod takes only what passed
 * staging. A version is the hash of every file under {@code models/<mart>/} (path and content): two
 * plans that produce the same models have the same version, whoever ran them.
 */
final class Promotions {

    static final String TABLE = "dea_meta.applied_models";

    /** Where a version was applied before: the plan that did it. */
    record Applied(String planId, String goalId) {
    }

    private Promotions() {
    }

    /** The version of the mart's models among the given files (a branch's). */
    static String version(Map<String, String> files, String modelDir) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (var file : new TreeMap<>(files).entrySet()) {
            if (file.getKey().startsWith(modelDir + "/")) {
                digest.update(file.getKey().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(file.getValue().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 16);
    }

    static void record(Warehouse warehouse, String environment, String mart, String version, String planId, String goalId) {
        warehouse.withConnection(c -> {
            ensure(c);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE
                    + " (environment, mart, version, plan_id, goal_id, applied_at) VALUES (?, ?, ?, ?, ?, now())")) {
                ps.setString(1, environment);
                ps.setString(2, mart);
                ps.setString(3, version);
                ps.setString(4, planId);
                ps.setString(5, goalId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The latest plan that applied this version of the mart to the environment, or null. */
    static Applied find(Warehouse warehouse, String environment, String mart, String version) {
        return warehouse.withConnection(c -> {
            ensure(c);
            try (PreparedStatement ps = c.prepareStatement("SELECT plan_id, goal_id FROM " + TABLE
                    + " WHERE environment = ? AND mart = ? AND version = ? ORDER BY applied_at DESC LIMIT 1")) {
                ps.setString(1, environment);
                ps.setString(2, mart);
                ps.setString(3, version);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new Applied(rs.getString(1), rs.getString(2)) : null;
                }
            }
        });
    }

    private static void ensure(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS dea_meta");
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (environment VARCHAR, mart VARCHAR, version VARCHAR, "
                    + "plan_id VARCHAR, goal_id VARCHAR, applied_at TIMESTAMP)");
        }
    }
}
