package io.dea.ops;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;

/**
 * The finished days of each backfill, in the warehouse ({@code dea_meta.backfill_chunks}, keyed by
 * plan and day). A day's row is written in the same transaction as the day's rebuild, so a chunk is
 * either done and recorded or neither; a re-sent backfill skips the recorded days.
 */
final class BackfillChunks {

    static final String TABLE = "dea_meta.backfill_chunks";

    private BackfillChunks() {
    }

    static void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS dea_meta");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS dea_meta.backfill_chunks (
                        plan_id VARCHAR NOT NULL,
                        chunk_day DATE NOT NULL,
                        mart_table VARCHAR NOT NULL,
                        rows_written BIGINT,
                        runner VARCHAR NOT NULL,
                        airflow_run_id VARCHAR,
                        task_attempt INTEGER NOT NULL,
                        finished_at TIMESTAMP NOT NULL,
                        PRIMARY KEY (plan_id, chunk_day))""");
        }
    }

    static Set<LocalDate> finished(Connection c, String planId) throws SQLException {
        create(c);
        Set<LocalDate> days = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement("SELECT chunk_day FROM dea_meta.backfill_chunks WHERE plan_id = ?")) {
            s.setString(1, planId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    days.add(rs.getDate(1).toLocalDate());
                }
            }
        }
        return days;
    }

    /** Records a finished day; the primary key refuses a day done twice. */
    static void record(Connection c, String planId, LocalDate day, String martTable, Long rows, String runner, String airflowRunId,
                       int attempt) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO dea_meta.backfill_chunks VALUES (?, ?, ?, ?, ?, ?, ?, now())")) {
            s.setString(1, planId);
            s.setDate(2, Date.valueOf(day));
            s.setString(3, martTable);
            if (rows == null) {
                s.setNull(4, java.sql.Types.BIGINT);
            } else {
                s.setLong(4, rows);
            }
            s.setString(5, runner);
            s.setString(6, airflowRunId);
            s.setInt(7, attempt);
            s.executeUpdate();
        }
    }
}
