package io.dea.platform.llm;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Tokens spent on language models, per goal and per UTC day, in {@code dea_meta.llm_usage}: the
 * warehouse every replica of every agent shares, so a budget holds across services and restarts.
 */
public final class TokenBudget {

    public static final String TABLE = "dea_meta.llm_usage";

    private TokenBudget() {
    }

    /** What the goal and the day have spent so far. */
    public record Spent(long goal, long today) {
    }

    static void ensure(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS dea_meta");
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (called_at TIMESTAMPTZ, goal_id VARCHAR, plan_id VARCHAR, agent VARCHAR, "
                    + "prompt VARCHAR, provider VARCHAR, model VARCHAR, tokens_in BIGINT, tokens_out BIGINT)");
        }
    }

    public static Spent spent(Connection c, String goalId) throws SQLException {
        ensure(c);
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(sum(tokens_in + tokens_out) FILTER (WHERE goal_id = ?), 0), "
                + "coalesce(sum(tokens_in + tokens_out) FILTER (WHERE CAST(timezone('UTC', called_at) AS DATE) = CAST(timezone('UTC', now()) AS DATE)), 0) "
                + "FROM " + TABLE)) {
            ps.setString(1, goalId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Spent(rs.getLong(1), rs.getLong(2));
            }
        }
    }

    /** Records one call's tokens. */
    public static void record(Connection c, Usage usage) throws SQLException {
        ensure(c);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " VALUES (now(), ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, usage.goalId());
            ps.setString(2, usage.planId());
            ps.setString(3, usage.agent());
            ps.setString(4, usage.prompt());
            ps.setString(5, usage.provider());
            ps.setString(6, usage.model());
            ps.setLong(7, usage.tokensIn());
            ps.setLong(8, usage.tokensOut());
            ps.executeUpdate();
        }
    }

    /** One call's spend, as recorded. */
    public record Usage(String goalId, String planId, String agent, String prompt, String provider, String model,
                        long tokensIn, long tokensOut) {
    }

    /**
     * Why a call that would spend {@code estimate} more tokens must not be made, or null when it may.
     * The estimate is the prompt's length over four (a token is about four characters of English) plus
     * the most the answer may hold.
     */
    public static String refusal(Spent spent, long estimate, LlmSettings settings) {
        if (spent.goal() + estimate > settings.tokensPerGoal()) {
            return "the goal's token budget would be passed: " + spent.goal() + " spent, about " + estimate + " more asked, "
                    + settings.tokensPerGoal() + " allowed (dea.llm.tokens-per-goal)";
        }
        if (spent.today() + estimate > settings.tokensPerDay()) {
            return "today's token budget would be passed: " + spent.today() + " spent, about " + estimate + " more asked, "
                    + settings.tokensPerDay() + " allowed (dea.llm.tokens-per-day)";
        }
        return null;
    }
}
