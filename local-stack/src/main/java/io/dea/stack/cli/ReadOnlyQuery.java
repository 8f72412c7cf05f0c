package io.dea.stack.cli;

import io.dea.platform.warehouse.DuckDbWarehouse;
import io.dea.platform.warehouse.Warehouse;
import java.nio.file.Path;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.DescribeStatement;
import net.sf.jsqlparser.statement.ExplainStatement;
import net.sf.jsqlparser.statement.ShowColumnsStatement;
import net.sf.jsqlparser.statement.ShowStatement;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.show.ShowTablesStatement;

/**
 * What {@code ./dea query} runs: exactly one read (SELECT or WITH, DESCRIBE, SHOW, EXPLAIN), read by
 * JSqlParser before anything reaches DuckDB, then run on a read-only connection with file access
 * off, extensions off and the configuration locked ({@link DuckDbWarehouse}). So COPY, ATTACH,
 * INSTALL/LOAD, SET, PRAGMA and a second statement are refused before they run, and a read of a
 * file ({@code read_text}, {@code read_csv}) is refused by DuckDB. Refusals say why and never
 * quote the warehouse's or a file's contents.
 */
final class ReadOnlyQuery {

    private ReadOnlyQuery() {
    }

    /** Thrown for a statement the command does not run; the message says what to write instead. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    static Warehouse.QueryResult run(Path warehouse, String sql) {
        check(sql);
        try {
            return new DuckDbWarehouse(warehouse, true).query(sql);
        } catch (DuckDbWarehouse.WarehouseException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            if (message.contains("Permission Error") || message.contains("disabled")) {
                throw new Refused("query refused: it reaches a file or setting outside the warehouse;"
                        + " ./dea query reads the warehouse's tables only (file access and extensions are off)");
            }
            throw e;
        }
    }

    /** Refuses anything but one read statement. */
    static void check(String sql) {
        Statements statements;
        try {
            statements = CCJSqlParserUtil.parseStatements(sql);
        } catch (JSQLParserException | RuntimeException e) {
            throw new Refused("query refused: it could not be read as one SELECT, WITH, DESCRIBE or SHOW statement");
        }
        if (statements == null || statements.size() != 1) {
            throw new Refused("query refused: give exactly one statement (this has "
                    + (statements == null ? 0 : statements.size()) + ")");
        }
        Statement statement = statements.get(0);
        if (!(statement instanceof Select || statement instanceof DescribeStatement || statement instanceof ShowStatement
                || statement instanceof ShowTablesStatement || statement instanceof ShowColumnsStatement
                || statement instanceof ExplainStatement explain && explain.getStatement() != null)) {
            throw new Refused("query refused: " + kind(statement) + " is not a read; ./dea query runs one SELECT, WITH,"
                    + " DESCRIBE or SHOW statement on a read-only connection");
        }
    }

    private static String kind(Statement statement) {
        String name = statement.getClass().getSimpleName().replace("Statement", "");
        return name.isEmpty() ? "the statement" : "a " + name.toUpperCase(java.util.Locale.ROOT) + " statement";
    }
}
