package io.dea.platform.lineage;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A dataset as OpenLineage names it: a namespace (where it lives) and a name inside it. Warehouse
 * relations are {@code duckdb://<warehouse file>} + {@code <schema>.<table>}, so a landing table
 * written by ingestion and read by dbt is the same node in a lineage graph.
 */
public record DatasetRef(String namespace, String name) {

    /** The namespace of every relation of the warehouse at this location (a DuckDB file). */
    public static String warehouseNamespace(String warehouseLocation) {
        return "duckdb://" + Path.of(warehouseLocation).toAbsolutePath().normalize();
    }

    public static DatasetRef relation(String warehouseLocation, String schema, String table) {
        return new DatasetRef(warehouseNamespace(warehouseLocation),
                schema.toLowerCase(Locale.ROOT) + "." + table.toLowerCase(Locale.ROOT));
    }

    /** A local file, directory or glob (OpenLineage's naming: namespace {@code file}, name the absolute path). */
    public static DatasetRef file(Path path) {
        return new DatasetRef("file", path.toAbsolutePath().normalize().toString());
    }

    /**
     * A URL that was already stripped of credentials by the caller: the scheme and authority are the
     * namespace, the path and query the name (e.g. {@code https://api.example.com} + {@code /v1/orders}).
     */
    public static DatasetRef url(String redactedUrl) {
        try {
            URI uri = URI.create(redactedUrl);
            if (uri.getScheme() != null && uri.getRawAuthority() != null) {
                String rest = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
                return new DatasetRef(uri.getScheme() + "://" + uri.getRawAuthority(), rest);
            }
        } catch (IllegalArgumentException e) {
            // Not a URI Java accepts (a JDBC URL often is not): keep the whole text as the namespace.
        }
        return new DatasetRef(redactedUrl, "");
    }

    /** A JDBC table or query of a database whose URL was already stripped of credentials. */
    public static DatasetRef jdbc(String redactedUrl, String tableOrQuery) {
        return new DatasetRef(redactedUrl, tableOrQuery);
    }
}
