package io.dea.ingestion;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Who loads each {@code landing.<source>} table: a row per source and goal with the source's
 * identity (its connection and what is read in it, or its raw location), in {@value #TABLE}. The
 * first goal to load a table owns it. Another goal whose source of the same name reads something
 * else is refused, so one goal cannot replace what another goal's models read; a goal with the same
 * identity reads the same data and loads as the owner does. Written in the load's transaction.
 */
final class LandingOwners {

    static final String TABLE = "dea_meta.landing_sources";

    /**
     * One goal's claim on a landing table.
     *
     * @param source   the source (and landing table) name
     * @param goalId   the goal loading it
     * @param identity what it reads ({@link io.dea.platform.source.SourcePolicy#identity})
     */
    record Claim(String source, String goalId, String identity) {
    }

    /** Thrown inside the load's transaction, so nothing of the refused load is kept. */
    static final class OwnedByAnotherGoal extends SQLException {
        OwnedByAnotherGoal(String message) {
            super(message);
        }
    }

    private LandingOwners() {
    }

    static void ensureTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS dea_meta");
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (source VARCHAR, goal_id VARCHAR, identity VARCHAR, "
                    + "first_loaded_at TIMESTAMP, last_loaded_at TIMESTAMP, PRIMARY KEY (source, goal_id))");
        }
    }

    /** Why this claim may not load, naming the owning goal; empty when it may. */
    static Optional<String> refusal(Connection c, Claim claim) throws SQLException {
        ensureTable(c);
        try (PreparedStatement ps = c.prepareStatement("SELECT goal_id, identity FROM " + TABLE
                + " WHERE source = ? ORDER BY first_loaded_at, goal_id LIMIT 1")) {
            ps.setString(1, claim.source());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getString(1).equals(claim.goalId()) || rs.getString(2).equals(claim.identity())) {
                    return Optional.empty();
                }
                return Optional.of("landing." + claim.source() + " is owned by goal " + rs.getString(1)
                        + ", whose source " + claim.source() + " reads other data; rename this goal's source (e.g. "
                        + claim.source() + "_2) so it lands in its own table");
            }
        }
    }

    /** Whether goals other than this claim's have loaded the table (a schema change then affects them too). */
    static boolean readByOthers(Connection c, Claim claim) throws SQLException {
        ensureTable(c);
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + TABLE + " WHERE source = ? AND goal_id <> ?")) {
            ps.setString(1, claim.source());
            ps.setString(2, claim.goalId());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    static void record(Connection c, Claim claim) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " VALUES (?, ?, ?, now(), now()) "
                + "ON CONFLICT (source, goal_id) DO UPDATE SET identity = excluded.identity, last_loaded_at = excluded.last_loaded_at")) {
            ps.setString(1, claim.source());
            ps.setString(2, claim.goalId());
            ps.setString(3, claim.identity());
            ps.executeUpdate();
        }
    }
}
