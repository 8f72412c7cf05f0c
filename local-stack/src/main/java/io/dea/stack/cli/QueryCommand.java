package io.dea.stack.cli;

import io.dea.platform.warehouse.DuckDbWarehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "query", description = "Run one read-only statement (SELECT, WITH, DESCRIBE, SHOW) on the warehouse; print CSV with a header row.")
final class QueryCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SQL")
    String sql;

    @Override
    public Integer call() {
        Path warehouse = CliStack.files().warehouse();
        if (!Files.exists(warehouse)) {
            throw new CliException("no warehouse yet at " + warehouse + ": submit a goal first");
        }
        try {
            CsvPrinter.print(ReadOnlyQuery.run(warehouse, sql));
        } catch (ReadOnlyQuery.Refused e) {
            throw new CliException(e.getMessage());
        } catch (DuckDbWarehouse.WarehouseException e) {
            throw new CliException("query failed: " + e.getMessage());
        }
        return 0;
    }
}
