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
 *
 * <p>Every connection is opened locked down, following DuckDB's "Securing DuckDB": no file access
 * outside the database (no {@code COPY ... TO}, {@code read_text}, {@code ATTACH}), no community
 * extensions, no extension installs or autoloads, and the configuration locked so no statement can
 * turn any of it back on. A service that must read files (ingestion) names the directories it may
 * read, and nothing else opens. The settings are given when the connection opens, so DuckDB applies
 * them before the first statement; the progress bar (which the loads poll) is switched on there too,
 * because no {@code SET} is possible afterwards.
 */
public final class DuckDbWarehouse implements Warehouse {

    private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final Path lockFile;
    private final boolean readOnly;
    private final List<Path> readableDirectories;

    public DuckDbWarehouse(Path file) {
        this(file, false);
    }

    public DuckDbWarehouse(Path file, boolean readOnly) {
        this(file, readOnly, List.of());
    }

    /**
     * @param readableDirectories directories whose files statements may read (and nothing outside
     *                            them); empty for no file access at all
     */
    public DuckDbWarehouse(Path file, boolean readOnly, List<Path> readableDirectories) {
        this.readableDirectories = readableDirectories.stream().map(d -> d.toAbsolutePath().normalize()).toList();
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
        java.util.Properties props = lockedDown(readableDirectories);
        if (readOnly) {
            props.setProperty("duckdb.read_only", "true");
        }
        Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file, props);
        try (Statement s = connection.createStatement()) {
            // Connection-local options cannot be given at open; set them, then lock everything.
            s.execute("SET enable_progress_bar = true");
            s.execute("SET enable_progress_bar_print = false");
            s.execute("SET lock_configuration = true");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /**
     * The connection settings of "Securing DuckDB", given at open: external access off except the
     * listed directories, no community extensions, no extension installs or autoloads. The opener
     * then sets the progress bar (a connection-local option) and locks the configuration.
     */
    public static java.util.Properties lockedDown(List<Path> readableDirectories) {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("enable_external_access", "false");
        if (!readableDirectories.isEmpty()) {
            props.setProperty("allowed_directories", readableDirectories.stream()
                    .map(d -> SqlText.literal(d.toString().endsWith("/") ? d.toString() : d + "/"))
                    .collect(java.util.stream.Collectors.joining(", ", "[", "]")));
        }
        props.setProperty("allow_community_extensions", "false");
        props.setProperty("autoinstall_known_extensions", "false");
        props.setProperty("autoload_known_extensions", "false");
        return props;
    }

    /** A warehouse call that failed; the message is DuckDB's own. */
    public static final class WarehouseException extends RuntimeException {
        public WarehouseException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
