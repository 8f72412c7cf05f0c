package io.dea.platform.warehouse;

import java.lang.reflect.Proxy;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.duckdb.DuckDBPreparedStatement;
import org.duckdb.QueryProgress;

/**
 * DuckDB's own progress of a running statement, read from another thread, for a statement that may
 * come from a guarded connection. The guard never hands out the driver's statement (it could run
 * any SQL); this hands out only a way to read the progress, which changes nothing.
 */
public final class StatementProgress {

    /** Reads the statement's progress; DuckDB answers while the statement runs. */
    @FunctionalInterface
    public interface Reader {
        QueryProgress read() throws SQLException;
    }

    private StatementProgress() {
    }

    /** A reader of the statement's progress, or null when it is not a DuckDB statement. */
    public static Reader of(PreparedStatement statement) throws SQLException {
        if (Proxy.isProxyClass(statement.getClass())) {
            DuckDBPreparedStatement duck = GuardedJdbc.duckStatement(statement);
            return duck == null ? null : duck::getQueryProgress;
        }
        if (statement.isWrapperFor(DuckDBPreparedStatement.class)) {
            DuckDBPreparedStatement duck = statement.unwrap(DuckDBPreparedStatement.class);
            return duck::getQueryProgress;
        }
        return null;
    }
}
