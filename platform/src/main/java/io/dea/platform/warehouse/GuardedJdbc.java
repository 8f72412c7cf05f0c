package io.dea.platform.warehouse;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/**
 * A membrane around a JDBC connection: every object reached from it (statements, result sets,
 * metadata) is wrapped too, so no path leads back to the raw connection. SQL text is checked by the
 * {@link DdlGuard} before the driver sees it: DuckDB's JDBC driver runs every statement but the
 * last of a multi-statement text already while preparing it, so the check must come first.
 *
 * <p>Refused outright: {@code unwrap} to anything the proxy is not (the DuckDB connection class has
 * an appender and duplicate() that skip SQL), and {@code setSchema}/{@code setCatalog}, which would
 * change how unqualified names resolve behind the gate's back.
 */
final class GuardedJdbc {

    private static final Set<String> SQL_METHODS = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate",
            "addBatch", "prepareStatement", "prepareCall");
    private static final Set<Class<?>> WRAPPED = Set.of(Connection.class, Statement.class, PreparedStatement.class,
            CallableStatement.class, ResultSet.class, DatabaseMetaData.class);

    private GuardedJdbc() {
    }

    static Connection connection(Connection raw, DdlGuard guard) {
        Handler handler = new Handler(raw, guard, null);
        Connection proxy = (Connection) Proxy.newProxyInstance(GuardedJdbc.class.getClassLoader(),
                new Class<?>[] {Connection.class}, handler);
        handler.guardedConnection = proxy;
        return proxy;
    }

    /** An appender on the connection under a guarded one, if the scope may write the schema. */
    static org.duckdb.DuckDBAppender appender(Connection guarded, String schema, String table) throws SQLException {
        if (!(Proxy.getInvocationHandler(guarded) instanceof Handler handler) || handler.raw == null) {
            throw new WriteRefusedException(null, "not a guarded connection");
        }
        String refused = handler.guard.scope().refusesWrite(DdlGuard.unquote(schema));
        if (refused != null) {
            throw new WriteRefusedException(null, "appending to " + schema + "." + table + ": " + refused);
        }
        return handler.raw.unwrap(org.duckdb.DuckDBConnection.class).createAppender(schema, table);
    }

    /** The driver's statement under a guarded one, for {@link StatementProgress} only; null when there is none. */
    static org.duckdb.DuckDBPreparedStatement duckStatement(java.sql.Statement guarded) {
        if (Proxy.isProxyClass(guarded.getClass()) && Proxy.getInvocationHandler(guarded) instanceof Handler handler
                && handler.target instanceof org.duckdb.DuckDBPreparedStatement duck) {
            return duck;
        }
        return null;
    }

    private static final class Handler implements InvocationHandler {
        private final Object target;
        private final DdlGuard guard;
        private Connection guardedConnection;
        private final Connection raw;

        Handler(Object target, DdlGuard guard, Connection guardedConnection) {
            this.target = target;
            this.guard = guard;
            this.guardedConnection = guardedConnection;
            this.raw = target instanceof Connection c ? c : null;
        }

        private Connection rawConnection() throws SQLException {
            return raw != null ? raw : ((Handler) Proxy.getInvocationHandler(guardedConnection)).raw;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            switch (name) {
                case "unwrap" -> {
                    Class<?> type = (Class<?>) args[0];
                    if (type.isInstance(proxy)) {
                        return proxy;
                    }
                    throw new WriteRefusedException(null, "the guarded connection does not unwrap to " + type.getName());
                }
                case "isWrapperFor" -> {
                    return ((Class<?>) args[0]).isInstance(proxy);
                }
                case "setSchema", "setCatalog" -> throw new WriteRefusedException(null,
                        name + " would change how names resolve; qualify names with their schema instead");
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "toString" -> {
                    return "guarded " + target;
                }
                default -> {
                }
            }
            if (SQL_METHODS.contains(name) && args != null && args.length > 0 && args[0] instanceof String sql) {
                guard.check(rawConnection(), sql);
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            return wrap(method.getReturnType(), result);
        }

        private Object wrap(Class<?> type, Object result) {
            if (result == null || !WRAPPED.contains(type)) {
                return result;
            }
            if (type == Connection.class) {
                return guardedConnection;
            }
            return Proxy.newProxyInstance(GuardedJdbc.class.getClassLoader(), new Class<?>[] {type},
                    new Handler(result, guard, guardedConnection));
        }
    }
}
