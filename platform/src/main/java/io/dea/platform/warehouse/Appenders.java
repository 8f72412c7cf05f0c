package io.dea.platform.warehouse;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * DuckDB's appender (rows straight into a table, no SQL) for a connection that may be guarded. A
 * guarded connection never unwraps to the driver's class, since that would hand out an ungated
 * connection; this asks the task's write scope for the table's schema and opens the appender on
 * the connection underneath. An appender only adds rows, so the schema check is the whole gate.
 */
public final class Appenders {

    private Appenders() {
    }

    public static DuckDBAppender open(Connection connection, String schema, String table) throws SQLException {
        if (Proxy.isProxyClass(connection.getClass())) {
            return GuardedJdbc.appender(connection, schema, table);
        }
        return connection.unwrap(DuckDBConnection.class).createAppender(schema, table);
    }
}
