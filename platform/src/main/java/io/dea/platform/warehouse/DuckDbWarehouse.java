package io.dea.platform.warehouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The DuckDB warehouse. DuckDB lets one process write a database file at a time, and dbt opens the
 * file from its own process, so every use takes a lock (one per file in this JVM, plus an OS file
 * lock beside the database for other processes such as the CLI) and closes its connection after.
 * This serializes warehouse work on one machine; BigQuery has no such limit.
 */
public final class DuckDbWarehouse implements Warehouse {

    private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final Path lockFile;
    private final boolean readOnly;

    public DuckDbWarehouse(Path file) {
        this(file, false);
    }

    public DuckDbWarehouse(Path file, boolean readOnly) {
        this.file = file.toAbsolutePath().normalize();
        this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
        this.readOnly = readOnly;
        try {
            Files.createDirectories(this.file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public <T> T withConnection(SqlWork<T> work) {
        return withExclusiveAccess(() -> {
            try (Connection connection = open()) {
                return work.run(connection);
            }
        });
    }

    @Override
    public <T> T withExclusiveAccess(Callable<T> work) {
        ReentrantLock lock = LOCKS.computeIfAbsent(file, f -> new ReentrantLock(true));
        lock.lock();
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lock.getHoldCount() == 1 ? channel.lock() : null) {
            return work.call();
        } catch (SQLException e) {
            throw new WarehouseException(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new WarehouseException(e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public QueryResult query(String sql) {
        return withConnection(connection -> {
            try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
                return read(rs);
            }
        });
    }

    /** Reads a whole result set into memory: for small results (profiles, samples, the CLI). */
    public static QueryResult read(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            columns.add(md.getColumnLabel(i));
        }
        List<List<Object>> rows = new ArrayList<>();
        while (rs.next()) {
            List<Object> row = new ArrayList<>(columns.size());
            for (int i = 1; i <= columns.size(); i++) {
                row.add(rs.getObject(i));
            }
            rows.add(row);
        }
        return new QueryResult(columns, rows);
    }

    @Override
    public String location() {
        return file.toString();
    }

    private Connection open() throws SQLException {
        java.util.Properties props = new java.util.Properties();
        if (readOnly) {
            props.setProperty("duckdb.read_only", "true");
        }
        return DriverManager.getConnection("jdbc:duckdb:" + file, props);
    }

    /** A warehouse call that failed; the message is DuckDB's own. */
    public static final class WarehouseException extends RuntimeException {
        public WarehouseException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
