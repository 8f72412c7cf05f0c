package io.dea.platform.warehouse;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.Callable;

/**
 * The warehouse as agents get it from their task: every connection it hands out is wrapped by
 * {@link GuardedJdbc}, so each SQL text passes the {@link DdlGuard} of the task's
 * {@link WriteScope} first. {@link #withExclusiveAccess} gives no connection; it is how dbt (a
 * subprocess, which JDBC cannot intercept) gets the file, and dbt is gated by the plan instead: it
 * builds into the plan's sandbox before approval and into an environment only in the apply step,
 * which the orchestrator sends only after a person approved the change.
 */
public final class GuardedWarehouse implements Warehouse {

    private final Warehouse delegate;
    private final DdlGuard guard;

    public GuardedWarehouse(Warehouse delegate, WriteScope scope) {
        this.delegate = delegate;
        this.guard = new DdlGuard(scope);
    }

    public WriteScope scope() {
        return guard.scope();
    }

    @Override
    public <T> T withConnection(SqlWork<T> work) {
        return delegate.withConnection(raw -> work.run(GuardedJdbc.connection(raw, guard)));
    }

    @Override
    public <T> T withExclusiveAccess(Callable<T> work) {
        return delegate.withExclusiveAccess(work);
    }

    @Override
    public QueryResult query(String sql) {
        return withConnection(connection -> {
            try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
                return DuckDbWarehouse.read(rs);
            }
        });
    }

    @Override
    public String location() {
        return delegate.location();
    }
}
