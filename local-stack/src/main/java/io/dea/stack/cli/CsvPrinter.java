package io.dea.stack.cli;

import io.dea.platform.warehouse.Warehouse;
import java.util.List;

/** Prints a query result as CSV with a header row (./dea query, the demo's mart). */
final class CsvPrinter {

    private CsvPrinter() {
    }

    static void print(Warehouse.QueryResult result) {
        System.out.println(String.join(",", result.columns().stream().map(CsvPrinter::csv).toList()));
        for (List<Object> row : result.rows()) {
            System.out.println(String.join(",", row.stream().map(v -> v == null ? "" : csv(v.toString())).toList()));
        }
    }

    static String csv(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
