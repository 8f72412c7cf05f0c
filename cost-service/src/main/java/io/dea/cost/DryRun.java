package io.dea.cost;

import java.util.List;

/**
 * What a BigQuery dry-run job said about a query, before anything ran or was billed.
 *
 * @param bytes            {@code statistics.query.totalBytesProcessed}: what running it would bill
 * @param statementType    {@code SELECT}, {@code INSERT}, ...
 * @param referencedTables the tables it reads, {@code project.dataset.table}
 */
public record DryRun(long bytes, String statementType, List<String> referencedTables) {

    public DryRun {
        referencedTables = List.copyOf(referencedTables);
    }
}
