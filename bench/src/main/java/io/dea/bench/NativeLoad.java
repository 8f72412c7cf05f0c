package io.dea.bench;

import io.dea.platform.warehouse.SqlText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The reference a file load is measured against: DuckDB alone, through the same JDBC driver the
 * project uses, loading the file into a fresh database file with its defaults and nothing else.
 * The time covers opening the database, the statement and closing it (the close checkpoints), as the
 * project's time covers its own connections.
 */
final class NativeLoad {

    /** One load: how long it took and how many rows DuckDB reported. */
    record Result(double seconds, long rows) {
    }

    private NativeLoad() {
    }

    static Result run(Path dir, Path csv) throws SQLException, IOException {
        Path db = dir.resolve("native-" + System.nanoTime() + ".duckdb");
        String sql = "CREATE TABLE t AS SELECT * FROM read_csv_auto(" + SqlText.literal(csv.toString()) + ")";
        long t0 = System.nanoTime();
        long rows;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db); Statement s = c.createStatement()) {
            rows = s.executeLargeUpdate(sql);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        // Only the timing matters; the disk is needed for the next round.
        Files.deleteIfExists(db);
        Files.deleteIfExists(db.resolveSibling(db.getFileName() + ".wal"));
        return new Result(seconds, rows);
    }
}
