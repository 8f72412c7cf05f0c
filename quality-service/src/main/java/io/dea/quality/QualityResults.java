package io.dea.quality;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Every test result of every quality run, in {@code dea_meta.quality_results}: the record people query for trends. */
final class QualityResults {

    static final String TABLE = "dea_meta.quality_results";

    private QualityResults() {
    }

    static void ensure(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS dea_meta");
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (plan_id VARCHAR, mart VARCHAR, attempt INTEGER, test VARCHAR, "
                    + "kind VARCHAR, status VARCHAR, failures BIGINT, recorded_at TIMESTAMP)");
        }
    }

    static void record(Connection c, String planId, String mart, int attempt, List<TestRun.Test> tests) throws SQLException {
        ensure(c);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " VALUES (?, ?, ?, ?, ?, ?, ?, now())")) {
            for (TestRun.Test t : tests) {
                ps.setString(1, planId);
                ps.setString(2, mart);
                ps.setInt(3, attempt);
                ps.setString(4, t.name());
                ps.setString(5, Triage.kind(t.name()));
                ps.setString(6, t.status());
                ps.setLong(7, t.failures());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
