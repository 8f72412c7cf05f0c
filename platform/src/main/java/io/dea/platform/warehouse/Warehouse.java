package io.dea.platform.warehouse;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The warehouse port. Marts are built and queried in a DuckDB file ({@link DuckDbWarehouse}, the only
 * implementation; {@link GuardedWarehouse} wraps it with the write gate); BigQuery is reached only by the
 * cost agent, for dry-run estimates and job history. Work is given as a callback so the adapter decides
 * how long a connection lives: DuckDB's file allows one writing process at a time, and dbt (another
 * process) needs it too.
 */
public interface Warehouse {

    /** Runs work on a connection that is closed afterwards. */
    <T> T withConnection(SqlWork<T> work);

    /** Runs work that opens the warehouse from another process (dbt) while no connection is open here. */
    <T> T withExclusiveAccess(Callable<T> work);

    /** A read-only query, rows as lists of values with the column names first. */
    QueryResult query(String sql);

    String location();

    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    record QueryResult(List<String> columns, List<List<Object>> rows) {
    }
}
